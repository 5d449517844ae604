/// A block of page text (titles, legend entries, table cells, callouts) as Pango lays it
/// out: broken into lines, measured, kerned. Map labels are laid out as MapLibre lays them
/// out instead (`SymbolText`); `alignment(_:)` serves both.
struct TextBlock {
    /// The text with its line breaks.
    var text: String
    var font: String
    /// Widest line and total height (lines × line height), device pixels.
    var width: Double
    var height: Double
    var lineCount: Int
    var lineHeight: Double
    var size: Double
    var alignment: TextAlignment
    var letterSpacing: Double
    /// Pango's first baseline below the layout's top.
    var layoutBaseline: Double
    /// The font's ascent, device pixels.
    var ascent: Double
    /// The shaped glyphs, relative to the layout's top-left corner.
    var runs: [GlyphRun]

    /// Shapes `text`. With `maxWidth`, lines are broken as MapLibre breaks them: into as
    /// few lines as fit the width, then balanced so that the lines are as even as they can
    /// be (the narrowest width that still needs no more lines). Chinese breaks between any
    /// two characters; explicit line breaks are kept.
    static func shape(_ text: String, font: String, size: Double, maxWidth: Double?, lineHeight: Double,
                      letterSpacing: Double, alignment: TextAlignment) -> TextBlock {
        let shaper = TextShaper.current
        var broken = text
        // Most labels are one short line: measure it as laid out, once.
        if !text.utf8.contains(UInt8(ascii: "\n")) {
            shaper.prepare(text: text, font: font, wrapWidth: maxWidth.flatMap { $0 > 0 ? $0 : nil }, alignment: .left,
                           lineHeight: lineHeight, letterSpacing: letterSpacing)
            if pango_layout_get_line_count(shaper.layout) == 1 {
                let extents = shaper.extents()
                return TextBlock(text: text, font: font, width: extents.width, height: lineHeight, lineCount: 1,
                                 lineHeight: lineHeight, size: size, alignment: alignment, letterSpacing: letterSpacing,
                                 layoutBaseline: extents.baseline, ascent: shaper.ascent(font), runs: shaper.glyphRuns())
            }
        }
        if let maxWidth, maxWidth > 0 {
            func lines(_ width: Double) -> [String] {
                shaper.prepare(text: text, font: font, wrapWidth: width, letterSpacing: letterSpacing)
                return shaper.lineTexts()
            }
            var best = lines(maxWidth)
            let explicit = text.split(separator: "\n", omittingEmptySubsequences: false).count
            if best.count > explicit {
                var low = maxWidth / Double(best.count + 1), high = maxWidth
                for _ in 0..<10 {
                    let mid = (low + high) / 2
                    let candidate = lines(mid)
                    if candidate.count <= best.count {
                        high = mid
                        best = candidate
                    } else {
                        low = mid
                    }
                }
            }
            broken = best.map { $0.trimmingTrailing { $0 == " " || $0 == "\n" } }.joined(separator: "\n")
        }
        shaper.prepare(text: broken, font: font, alignment: alignment, lineHeight: lineHeight, letterSpacing: letterSpacing)
        let extents = shaper.extents()
        let count = broken.split(separator: "\n", omittingEmptySubsequences: false).count
        return TextBlock(text: broken, font: font, width: extents.width, height: Double(count) * lineHeight,
                         lineCount: count, lineHeight: lineHeight, size: size, alignment: alignment,
                         letterSpacing: letterSpacing, layoutBaseline: extents.baseline, ascent: shaper.ascent(font),
                         runs: shaper.glyphRuns())
    }

    /// Fractions of the width and height left of and above the anchor.
    static func alignment(_ anchor: String) -> (Double, Double) {
        let h: Double = anchor.hasSuffix("left") ? 0 : anchor.hasSuffix("right") ? 1 : 0.5
        let v: Double = anchor.hasPrefix("top") ? 0 : anchor.hasPrefix("bottom") ? 1 : 0.5
        return (h, v)
    }
}

extension String {
    func trimmingTrailing(_ drop: (Character) -> Bool) -> String {
        var s = Substring(self)
        while let last = s.last, drop(last) { s.removeLast() }
        return String(s)
    }
}

import CPango
import Geometry
