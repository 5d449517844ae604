import Geometry
import Style

/// A point label's text laid out as MapLibre lays it out (`shapeLines` and `align` in
/// shaping.cpp), so that its glyphs land where MapLibre's do:
///
/// * everything is measured in pixels at 24 px (`ONE_EM`) with the glyph PBFs' whole-pixel
///   advances, no kerning, letter spacing after every glyph, then scaled by size / 24;
/// * lines are broken where MapLibre breaks them (`LineBreaking`) and trimmed of spaces;
/// * the first line's glyph origins sit 17 px (at 24 px) above the middle of its line box,
///   a glyph's baseline its face's ascender below that; lines are `text-line-height` ems
///   apart; each line is justified within the widest.
///
/// Pango still picks faces and glyphs, orders right-to-left text and joins Arabic letters.
struct SymbolText {
    struct Run {
        var font: String
        var text: String
        var glyphs: [UInt32]
        /// Glyph origins on the baseline (x, y interleaved), 24-px units from the line's
        /// start and its glyph-origin line.
        var positions: [Double]
        var color: Color?
    }

    struct Line {
        var text: String
        var runs: [Run]
        /// Where the last glyph's advance ends (what MapLibre justifies by).
        var right: Double
    }

    static let em = GlyphAtlas.em
    /// MapLibre draws one glyph per character: no standard ligatures ("fi"). Joining
    /// forms of Arabic are required features and stay.
    static let features = "liga=0,clig=0,dlig=0"
    /// The glyph origin line of the first line sits this far above the middle of its box
    /// (`Shaping::yOffset`).
    static let yOffset = -17.0

    var text: String
    var font: String
    /// Device pixels per 24-px unit.
    var scale: Double
    var lines: [Line]
    /// 24-px units.
    var lineHeight: Double
    var maxLineLength: Double

    var width: Double { maxLineLength * scale }
    var height: Double { Double(lines.count) * lineHeight * scale }

    /// Shapes `text` in `font` at `size` device pixels, with the line height, letter
    /// spacing and (for line breaking) maximum width in device pixels.
    static func shape(_ text: String, font: String, size: Double, maxWidth: Double?, lineHeight: Double,
                      letterSpacing: Double, colors: [Color?]? = nil, glyphs: GlyphSets.Stack? = nil) -> SymbolText {
        let toEm = em / size
        // MapLibre spaces no letters of text in a joining script (Arabic).
        let spacing = text.allowsLetterSpacing ? letterSpacing * toEm : 0
        let shaper = TextShaper.current
        let atlas = GlyphAtlas.shared
        let scalars = Array(text.unicodeScalars)
        var breaks: [Int] = []
        // The whole text as shaped for line breaking, used again when it is one line.
        var wholeRuns: [ShapedRun]?
        if let maxWidth, maxWidth > 0 {
            let measured = advances(text, scalars, font: font, spacing: spacing, glyphs: glyphs)
            wholeRuns = measured.runs
            breaks = LineBreaking.breaks(scalars, advances: measured.advances, maxWidth: maxWidth * toEm)
        }
        // Paragraph ends break lines whatever the width and placement (MapLibre Native's
        // BiDi::mergeParagraphLineBreaks), so a line feed starts a new line on line labels too.
        for (i, c) in scalars.enumerated() where i + 1 < scalars.count && c.endsParagraph && !breaks.contains(i + 1) {
            if c == "\r" && scalars[i + 1] == "\n" { continue }
            breaks.append(i + 1)
        }
        breaks.sort()
        var lines: [Line] = []
        var longest = 0.0
        let starts = [0] + breaks, ends = breaks + [scalars.count]
        for (start, end) in zip(starts, ends) {
            var piece = scalars[start..<end]
            while let first = piece.first, first.isLayoutWhitespace { piece.removeFirst() }
            while let last = piece.last, last.isLayoutWhitespace { piece.removeLast() }
            // Control characters have no glyph in MapLibre's glyph sets (a line feed that
            // does not break, where lines are not broken, takes no room).
            var lineText = String.UnicodeScalarView()
            var lineColors: [Color?] = []
            for i in piece.indices where scalars[i].value >= 0x20 {
                lineText.append(scalars[i])
                lineColors.append(colors?[i] ?? nil)
            }
            let line = String(lineText)
            // The colour of the character at each byte of the line.
            var colorAt: [Int: Color] = [:]
            if colors != nil {
                var byte = 0
                for (i, s) in lineText.enumerated() {
                    if let c = lineColors[i] { colorAt[byte] = c }
                    byte += UTF8.width(s)
                }
            }
            guard !line.isEmpty else {
                lines.append(Line(text: "", runs: [], right: 0))
                continue
            }
            let shapedRuns: [ShapedRun]
            if let wholeRuns, starts.count == 1, line == text {
                shapedRuns = wholeRuns
            } else {
                shapedRuns = shaper.shapedRuns(line, font: font, features: Self.features, glyphs: glyphs)
            }
            var x = 0.0, right = 0.0
            var runs: [Run] = []
            for shaped in shapedRuns {
                let face = atlas.face(shaped.font)
                let ascender = Double(atlas.ascender(face, shaped.font))
                var run = Run(font: shaped.font, text: shaped.text, glyphs: [], positions: [])
                for g in shaped.glyphs where !g.isEmpty && g.id & 0x1000_0000 == 0 {
                    // A formatted section's colour starts a run of its own.
                    let color = colorAt[g.byteIndex]
                    if color != run.color {
                        if !run.glyphs.isEmpty { runs.append(run) }
                        run = Run(font: shaped.font, text: shaped.text, glyphs: [], positions: [], color: color)
                    }
                    run.glyphs.append(g.id)
                    let y = ascender + g.yOffset * toEm
                    if g.width == 0 {
                        // A mark on the glyph before it, where Pango put it.
                        run.positions += [x - spacing + g.xOffset * toEm, y]
                        continue
                    }
                    let advance = Double(atlas.advance(g.id, face, shaped.font))
                    run.positions += [x, y]
                    right = x + advance
                    x += advance + spacing
                }
                if !run.glyphs.isEmpty { runs.append(run) }
            }
            longest = max(longest, x - spacing)
            lines.append(Line(text: line, runs: runs, right: right))
        }
        return SymbolText(text: lines.map(\.text).joined(separator: "\n"), font: font, scale: size / em, lines: lines,
                          lineHeight: lineHeight * toEm, maxLineLength: max(0, longest))
    }

    /// Each character's advance in 24-px units with letter spacing, as line breaking
    /// measures it: the glyphs Pango gives the character's cluster, MapLibre's advances.
    private static func advances(_ text: String, _ scalars: [Unicode.Scalar], font: String, spacing: Double,
                                 glyphs: GlyphSets.Stack?)
        -> (advances: [Double], runs: [ShapedRun]) {
        let shaper = TextShaper.current
        let atlas = GlyphAtlas.shared
        let runs = shaper.shapedRuns(text, font: font, features: features, glyphs: glyphs)
        var scalarAt: [Int: Int] = [:]
        var byte = 0
        for (i, s) in scalars.enumerated() {
            scalarAt[byte] = i
            byte += UTF8.width(s)
        }
        var advances = [Double](repeating: 0, count: scalars.count)
        var hasGlyph = [Bool](repeating: false, count: scalars.count)
        for run in runs {
            let face = atlas.face(run.font)
            for g in run.glyphs where !g.isEmpty && g.id & 0x1000_0000 == 0 {
                guard let i = scalarAt[g.byteIndex] else { continue }
                if g.width != 0 { advances[i] += Double(atlas.advance(g.id, face, run.font)) }
                hasGlyph[i] = true
            }
        }
        return (advances.indices.map { hasGlyph[$0] ? advances[$0] + spacing : 0 }, runs)
    }

    /// The box the text occupies for an anchor at (x, y) with `offset` in device pixels.
    func box(anchorX x: Double, anchorY y: Double, anchor: String, offset: (Double, Double)) -> Box {
        let (h, v) = TextBlock.alignment(anchor)
        let left = x - h * width + offset.0
        let top = y - v * height + offset.1
        return Box(minX: left, minY: top, maxX: left + width, maxY: top + height)
    }

    /// The label placed at an anchor, its lines justified by `justify` (0 left, 0.5
    /// centre, 1 right), glyph runs relative to the box's top-left corner.
    func placed(anchorX x: Double, anchorY y: Double, anchor: String, offset: (Double, Double), justify: Double,
                style: LabelStyle) -> PlacedLabel {
        let box = box(anchorX: x, anchorY: y, anchor: anchor, offset: offset)
        // MapLibre moves glyphs by ((justify − h)·maxLineLength, (0.5 − v·lines)·lineHeight)
        // from the anchor, whose box corner is at (−h·maxLineLength, −v·lines·lineHeight):
        // from the corner, that is (justify·maxLineLength, lineHeight / 2).
        let shiftX = justify * maxLineLength
        let shiftY = 0.5 * lineHeight
        var runs: [GlyphRun] = []
        var lineStarts: [LabelLine] = []
        for (i, line) in lines.enumerated() {
            let indent = line.right * justify
            let lineY = Self.yOffset + Double(i) * lineHeight + shiftY
            for run in line.runs {
                var positions = run.positions
                for k in stride(from: 0, to: positions.count, by: 2) {
                    positions[k] = (positions[k] - indent + shiftX) * scale
                    positions[k + 1] = (positions[k + 1] + lineY) * scale
                }
                runs.append(GlyphRun(font: run.font, glyphs: run.glyphs, positions: positions, text: run.text, color: run.color))
            }
            if let first = line.runs.first, first.positions.count >= 2 {
                // Vector outputs write the line in the system fonts: a glyph set's run sits on
                // the glyph-origin line, the text's baseline the stack's ascender below it.
                let ascender = GlyphSets.isRunFont(first.font) ? Double(GlyphAtlas.shared.ascender(font)) : first.positions[1]
                lineStarts.append(LabelLine(text: line.text, x: (-indent + shiftX) * scale, baseline: (lineY + ascender) * scale))
            }
        }
        var label = PlacedLabel(text: text, font: font, originX: box.minX, originY: box.minY, width: box.width,
                                height: box.height, color: style.color, haloColor: style.haloColor, haloWidth: style.haloWidth,
                                alignment: justify == 0 ? .left : justify == 1 ? .right : .center,
                                lineHeight: lineHeight * scale, letterSpacing: style.letterSpacing, haloBlur: style.haloBlur)
        label.runs = runs
        label.lines = lineStarts
        label.fieldScale = scale
        return label
    }
}

extension SymbolText {
    /// The pieces of a line label, as MapLibre spaces them: Pango's clusters (what a reader
    /// sees as one character) in visual order, each as wide as its glyphs' PBF advances at
    /// `size`, letter spacing between them; glyphs relative to the piece's left end on the
    /// baseline.
    static func clusters(_ text: String, font: String, size: Double, letterSpacing: Double, glyphs: GlyphSets.Stack? = nil)
        -> [(text: String, x: Double, advance: Double, runs: [GlyphRun])] {
        let scale = size / em
        let atlas = GlyphAtlas.shared
        var x = 0.0
        let letterSpacing = text.allowsLetterSpacing ? letterSpacing : 0
        if let glyphs, let own = GlyphSets.shared.lineClusters(text, font: font, stack: glyphs, scale: scale,
                                                               letterSpacing: letterSpacing) {
            return own
        }
        var clusters = TextShaper.current.clusters(text, font: font, letterSpacing: 0, features: features)
        if let glyphs { clusters = GlyphSets.shared.substitute(clusters, stack: glyphs, font: font, scale: scale) }
        return clusters.map { c in
            var pen = 0.0
            let runs = c.runs.map { run in
                var run = run
                for i in run.glyphs.indices {
                    run.positions[2 * i] = pen
                    pen += Double(atlas.advance(run.glyphs[i], run.font)) * scale
                }
                return run
            }
            defer { x += pen + (pen > 0 ? letterSpacing : 0) }
            return (c.text, x, pen, runs)
        }
    }
}
