/// Text shaped for a point label: broken into lines, measured, and positioned the way
/// MapLibre positions it relative to its anchor.
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

    /// The top-left corner of the layout for an anchor at (x, y), with `anchor` one of
    /// MapLibre's nine anchors and `offset` in device pixels. As in MapLibre's shaping, the
    /// first baseline sits (ascent − 17/24 em) below the top of its line box, line boxes are
    /// `lineHeight` apart, and the block is aligned on the anchor by its width and height.
    func origin(anchorX x: Double, anchorY y: Double, anchor: String, offset: (Double, Double)) -> (x: Double, y: Double) {
        let (horizontal, vertical) = Self.alignment(anchor)
        let left = x - horizontal * width + offset.0
        let firstBaseline = y + offset.1 + (ascent - 17.0 / 24.0 * size) + (0.5 - vertical * Double(lineCount)) * lineHeight
        return (left, firstBaseline - layoutBaseline)
    }

    /// The box the text occupies for the same placement, for collisions.
    func box(anchorX x: Double, anchorY y: Double, anchor: String, offset: (Double, Double)) -> Box {
        let (horizontal, vertical) = Self.alignment(anchor)
        let left = x - horizontal * width + offset.0
        let top = y - vertical * height + offset.1
        return Box(minX: left, minY: top, maxX: left + width, maxY: top + height)
    }

    /// Fractions of the width and height left of and above the anchor.
    static func alignment(_ anchor: String) -> (Double, Double) {
        let h: Double = anchor.hasSuffix("left") ? 0 : anchor.hasSuffix("right") ? 1 : 0.5
        let v: Double = anchor.hasPrefix("top") ? 0 : anchor.hasPrefix("bottom") ? 1 : 0.5
        return (h, v)
    }

    func placed(at origin: (x: Double, y: Double), style: LabelStyle) -> PlacedLabel {
        var label = PlacedLabel(text: text, font: font, originX: origin.x, originY: origin.y, width: width, height: height,
                                color: style.color, haloColor: style.haloColor, haloWidth: style.haloWidth,
                                alignment: alignment, lineHeight: lineHeight, letterSpacing: letterSpacing,
                                haloBlur: style.haloBlur)
        label.runs = runs
        return label
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
