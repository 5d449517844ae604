#!/usr/bin/env bash
# Runs the test suite under a sanitizer, in its own build directory.
#
#   scripts/sanitize.sh address|thread [swift test arguments...]
#
# AddressSanitizer catches out-of-bounds and use-after-free in our code and in the C
# shims (the PNG encoder, the Cairo/PROJ/Pango calls); ThreadSanitizer catches data races
# between the rendering threads. A report fails the run. Prints the time taken.
set -euo pipefail
cd "$(dirname "$0")/.."
sanitizer=${1:?usage: scripts/sanitize.sh address|thread [swift test arguments]}
shift
case $sanitizer in address|thread) ;; *) echo "sanitize: address or thread" >&2; exit 2 ;; esac

# Leaks are not checked: the Swift runtime's metadata caches look like leaks.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0:halt_on_error=1}
# A race report fails the test process (exit code 66) rather than only printing.
export TSAN_OPTIONS=${TSAN_OPTIONS:-halt_on_error=1:second_deadlock_stack=1}

start=$(date +%s)
status=0
swift test --sanitize="$sanitizer" --scratch-path ".build-$sanitizer" "$@" 2>&1 | grep -v "prohibited flag" || status=${PIPESTATUS[0]}
echo "sanitize: $sanitizer: exit $status after $(( $(date +%s) - start )) s"
exit "$status"
