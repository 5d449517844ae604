#!/usr/bin/env bash
# Sets up (if needed) and renders the Yuanhui District demo map to out/ as PNG, SVG and PDF.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
mkdir -p out
BIN=.build/release/cartouche
for ext in png svg pdf; do
  "$BIN" render Styles/yuanhui.json -o "out/yuanhui.$ext" --width 1600 --height 1200
done
echo "demo: wrote out/yuanhui.png, out/yuanhui.svg, out/yuanhui.pdf"
