#if canImport(Glibc)
import Glibc
#endif
import Geometry

/// The glyph sets a style names in `glyphs` when they are local files
/// (`fonts/{fontstack}/{range}.pbf` beside the style, as tileserver-gl and offline MapLibre
/// setups keep them): per font stack, its 256-character range files, read once per process
/// when a label first needs one. A glyph set's glyphs go into label runs under a font name
/// of their own (`runFont`), with code points for glyph numbers; `GlyphAtlas` gives their
/// advances and fields from here, with an ascender of 0 (PBF `top` is already measured from
/// the glyph-origin line).
final class GlyphSets: Sendable {
    static let shared = GlyphSets()

    /// A font stack of a glyph set: an index into the stacks this process has seen.
    typealias Stack = Int

    private struct RangeKey: Hashable {
        let stack: Stack
        let range: UInt32
    }

    private struct Tables {
        var stacks: [String: Stack] = [:]
        /// Per stack, its range files' path with `{range}` left in.
        var templates: [String] = []
        /// Each range file read so far; nil for one that is missing or unreadable.
        var ranges: [RangeKey: [UInt32: SDFGlyph]?] = [:]
    }

    private let tables = Locked(Tables())

    /// Each thread's copy of the ranges it has looked at: shaping asks for every character.
    private final class LocalRanges {
        var ranges: [RangeKey: [UInt32: SDFGlyph]?] = [:]
        static var current: LocalRanges { perThread.value }
        private static let perThread = PerThread { LocalRanges() }
    }

    /// Glyph set run fonts start with this (no Pango description does).
    static let fontPrefix = "\u{1}glyphs:"

    /// The stack of `names` (a `text-font`) in the glyph set at `template`, a local path
    /// with `{fontstack}` and `{range}` in it.
    func stack(template: String, names: [String]) -> Stack {
        // MapLibre asks for the whole stack as one folder name, the names joined by commas.
        let path = template.replacing("{fontstack}", with: names.joined(separator: ","))
        return tables.withLock { t in
            if let s = t.stacks[path] { return s }
            let s = t.templates.count
            t.templates.append(path)
            t.stacks[path] = s
            return s
        }
    }

    /// The glyph of `code` in the stack; nil when its range file is missing, or the
    /// range does not have it (the system fonts draw it then).
    func glyph(_ code: UInt32, in stack: Stack) -> SDFGlyph? {
        // Glyph sets cover the Basic Multilingual Plane only.
        guard code <= 0xFFFF else { return nil }
        let key = RangeKey(stack: stack, range: code / 256)
        let local = LocalRanges.current
        if let known = local.ranges[key] { return known?[code] }
        let range = sharedRange(key)
        local.ranges[key] = range
        return range?[code]
    }

    private func sharedRange(_ key: RangeKey) -> [UInt32: SDFGlyph]? {
        let template: String? = tables.withLock { t in
            t.ranges[key] == nil ? t.templates[key.stack] : nil
        }
        // Read outside the lock; two threads reading one file at once keep the same.
        guard let template else { return tables.withLock { $0.ranges[key] ?? nil } }
        let start = key.range * 256
        let path = template.replacing("{range}", with: "\(start)-\(start + 255)")
        let glyphs = GlyphPBF.read(path: path)
        tables.withLock { $0.ranges[key] = .some(glyphs) }
        return glyphs
    }

    /// The font name of a run of the stack's glyphs; it carries the Pango description the
    /// vector outputs draw the same characters with.
    static func runFont(_ stack: Stack, pango: String) -> String { "\(fontPrefix)\(stack)\u{1}\(pango)" }

    static func isRunFont(_ font: String) -> Bool { font.utf8.first == 1 }

    /// The stack and Pango description of a glyph set run font.
    static func parseRunFont(_ font: String) -> (stack: Stack, pango: String)? {
        guard font.hasPrefix(fontPrefix) else { return nil }
        let rest = font.dropFirst(fontPrefix.count)
        guard let separator = rest.firstIndex(of: "\u{1}"), let stack = Int(rest[..<separator]) else { return nil }
        return (stack, String(rest[rest.index(after: separator)...]))
    }

    /// The face key of a glyph set run font: the stack, whatever the size.
    static func faceKey(_ font: String) -> String {
        guard let separator = font.dropFirst(fontPrefix.count).firstIndex(of: "\u{1}") else { return font }
        return String(font[..<separator])
    }
}
