#!/usr/bin/env python3
"""Counts public declarations without a doc comment, per module.

    scripts/undocumented.py                 every module under Sources/
    scripts/undocumented.py --library       the modules of the `Cartouche` library product
    scripts/undocumented.py --list Page     also print each undocumented declaration's file:line
    scripts/undocumented.py --library --check   exit 1 unless the count is zero

A declaration is public when it says `public` or `open`, or is a case of a public enum, a
requirement of a public protocol, or a member of a `public extension`; a `public` member of an
internal type is not (no user sees it). It is documented when the lines just above it, past its
attributes, are a `///` or `/** */` comment. One line counts once (`case a, b` is one); the cases
of a one-line `enum E { case a, b }` count as undocumented, since they cannot have a comment.

The scan is line-based, not a Swift parser: comments and string literals are blanked first so
that their braces do not open scopes. Good enough for this code base; `swift package
generate-documentation --experimental-documentation-coverage` is the compiler's own view.
"""
import argparse
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# The `Cartouche` product: the façade and the modules it re-exports (Sources/Cartouche/*Exports.swift).
LIBRARY = ["Cartouche", "Datasource", "GDALSource", "Geometry", "JSON", "Page", "PostGIS",
           "Projection", "Raster", "Render", "Style"]

MODIFIERS = {"public", "open", "internal", "fileprivate", "private", "package", "static", "class",
             "final", "override", "mutating", "nonmutating", "convenience", "required", "lazy",
             "weak", "unowned", "dynamic", "indirect", "nonisolated", "isolated", "consuming",
             "borrowing", "prefix", "postfix", "infix", "distributed"}
TYPE_KINDS = {"struct", "class", "enum", "protocol", "actor"}
DECL_KINDS = TYPE_KINDS | {"func", "var", "let", "init", "subscript", "typealias", "case",
                           "associatedtype", "extension", "deinit", "operator", "macro"}


def blank_code(lines):
    """Each line with comments and string literal contents replaced by spaces."""
    out = []
    in_block = 0          # nesting of /* */
    in_multiline = False  # inside """ ... """
    for line in lines:
        res = []
        i, n = 0, len(line)
        while i < n:
            if in_block:
                if line.startswith("*/", i):
                    in_block -= 1
                    i += 2
                elif line.startswith("/*", i):
                    in_block += 1
                    i += 2
                else:
                    i += 1
                res.append(" ")
                continue
            if in_multiline:
                if line.startswith('"""', i):
                    in_multiline = False
                    res.append('"""')
                    i += 3
                else:
                    res.append(" ")
                    i += 1
                continue
            if line.startswith("//", i):
                break
            if line.startswith("/*", i):
                in_block = 1
                i += 2
                continue
            if line.startswith('"""', i):
                in_multiline = True
                res.append('"""')
                i += 3
                continue
            if line[i] == '"':
                j = i + 1
                while j < n and line[j] != '"':
                    j += 2 if line[j] == "\\" else 1
                res.append('""')
                i = j + 1
                continue
            res.append(line[i])
            i += 1
        out.append("".join(res))
    return out


ATTRIBUTE = re.compile(r"@\w+(\([^()]*(\([^()]*\))?[^()]*\))?\s*")


def declaration(code):
    """(kind, modifiers) of the declaration a line starts, or None."""
    s = code.strip()
    while s.startswith("@"):
        m = ATTRIBUTE.match(s)
        if not m:
            return None
        s = s[m.end():]
    mods = set()
    words = re.findall(r"[A-Za-z_]+(?:\([a-z]+\))?", s)
    for k, word in enumerate(words):
        base = word.split("(")[0]
        following = words[k + 1].split("(")[0] if k + 1 < len(words) else ""
        if base == "class" and following not in MODIFIERS | DECL_KINDS:
            return "class", mods  # `class Name`, not the `class func` modifier
        if base in MODIFIERS:
            mods.add(base)
            continue
        if base in DECL_KINDS:
            return base, mods
        return None
    return None


def is_documented(raw, i):
    """Whether the lines above raw[i], past attribute lines, end in a doc comment."""
    j = i - 1
    # Attribute lines (`@inlinable`, `@discardableResult`) sit between a comment and its
    # declaration; a line that is itself a declaration (`@inline(__always) public func`) does not.
    while j >= 0 and raw[j].strip().startswith("@") and declaration(raw[j]) is None:
        j -= 1
    if j < 0:
        return False
    above = raw[j].strip()
    if above.startswith("///"):
        return True
    if above.endswith("*/"):
        while j >= 0 and "/*" not in raw[j]:
            j -= 1
        return j >= 0 and "/**" in raw[j]
    return False


def scan(path):
    """Yields (line number, text, documented) for each public declaration in a file."""
    with open(path, encoding="utf-8") as f:
        raw = f.read().split("\n")
    code = blank_code(raw)
    # Each scope: (kind, public) where kind is a type kind, "extension", or "other" (bodies).
    scopes = []
    pending = None
    for i, line in enumerate(code):
        decl = declaration(line)
        if decl:
            kind, mods = decl
            explicit = bool(mods & {"public", "open"})
            parent = scopes[-1] if scopes else None
            inside_public = all(public for k, public in scopes if k != "extension") and \
                all(k in TYPE_KINDS or k == "extension" for k, _ in scopes)
            implicit = parent is not None and inside_public and (
                (parent == ("enum", True) and kind == "case") or
                (parent == ("protocol", True) and kind != "case") or
                (parent == ("extension", True) and not mods & {"private", "fileprivate", "internal"}))
            public = (explicit or implicit) and inside_public
            counted = public and kind not in {"extension", "deinit"}
            if counted:
                yield i + 1, raw[i].strip(), is_documented(raw, i)
            if counted and kind == "enum" and re.search(r"\{\s*case\b", line):
                # `enum E { case a, b }`: its cases, a symbol each, with no room for a comment.
                yield i + 1, raw[i].strip() + " (its cases)", False
            if kind in TYPE_KINDS:
                pending = (kind, public)
            elif kind == "extension":
                pending = ("extension", explicit)
            else:
                pending = ("other", False)
        for ch in line:
            if ch == "{":
                scopes.append(pending or ("other", False))
                pending = None
            elif ch == "}":
                if scopes:
                    scopes.pop()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("modules", nargs="*", help="modules to count (default: all)")
    parser.add_argument("--library", action="store_true", help="the modules of the Cartouche library")
    parser.add_argument("--list", action="store_true", help="print each undocumented declaration")
    parser.add_argument("--check", action="store_true", help="exit 1 if any declaration is undocumented")
    args = parser.parse_args()
    sources = os.path.join(ROOT, "Sources")
    modules = args.modules or (LIBRARY if args.library else sorted(
        d for d in os.listdir(sources) if os.path.isdir(os.path.join(sources, d))))
    total_public = total_missing = 0
    print(f"{'module':<14} {'public':>6} {'undocumented':>12}")
    for module in modules:
        public = missing = 0
        listing = []
        for folder, _, files in sorted(os.walk(os.path.join(sources, module))):
            for name in sorted(files):
                if not name.endswith(".swift"):
                    continue
                path = os.path.join(folder, name)
                for number, text, documented in scan(path):
                    public += 1
                    if not documented:
                        missing += 1
                        listing.append(f"  {os.path.relpath(path, ROOT)}:{number}: {text}")
        if public == 0:
            continue
        total_public += public
        total_missing += missing
        print(f"{module:<14} {public:>6} {missing:>12}")
        if args.list:
            print("\n".join(listing))
    print(f"{'total':<14} {total_public:>6} {total_missing:>12}")
    if args.check and total_missing:
        sys.exit(1)


if __name__ == "__main__":
    main()
