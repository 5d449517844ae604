import Geometry
import Style

/// Writes a placed label from the glyph runs Pango shaped when it was placed, as the Cairo
/// backend draws them: the halo first (each glyph's outline stroked at twice the halo width
/// with round joins, the disc dilation the PNG draws; a blurred halo's edge as nested
/// strokes), then the text, one text object per label with every glyph where Pango put it.
struct PDFLabelWriter {
    let label: PlacedLabel

    /// Glyph runs and the transform from their coordinates to the scene's.
    private struct Placement {
        var runs: [GlyphRun]
        var frame: Affine
    }

    func draw(into content: inout PDFContent) {
        let placements = placements()
        if label.haloWidth > 0 && label.haloColor.a > 0 { drawHalo(placements, into: &content) }
        content.setFill(label.color)
        content.append("BT\n")
        for placement in placements {
            for run in placement.runs {
                if let color = run.color { content.setFill(color) }
                show(run, placement.frame, into: &content)
                if run.color != nil { content.setFill(label.color) }
            }
        }
        content.append("ET\n")
    }

    /// A block label's runs are relative to its origin, turned about the pivot; a line
    /// label's pieces each to their baseline's left end, turned about it.
    private func placements() -> [Placement] {
        guard let pieces = label.glyphs else {
            var frame = Affine.translation(label.originX, label.originY)
            if label.rotation != 0 {
                frame = frame.then(.translation(-label.pivotX, -label.pivotY)).then(.rotation(label.rotation))
                    .then(.translation(label.pivotX, label.pivotY))
            }
            return [Placement(runs: label.runs.flatMap { $0.systemRuns() }, frame: frame)]
        }
        return pieces.map {
            Placement(runs: $0.runs.flatMap { $0.systemRuns() }, frame: Affine.rotation($0.angle).then(.translation($0.x, $0.y)))
        }
    }

    // MARK: Halo

    /// The halo's strokes, widest first: their half-widths and the alpha each lays over
    /// those below. Without blur, one stroke; with blur, coverage ramps from full at
    /// `haloWidth − blur/2` from the outline to nothing at `haloWidth + blur/2`, as the
    /// PNG's dilated and blurred mask does.
    private func haloLevels() -> [(halfWidth: Double, alpha: Double)] {
        let h = label.haloWidth, blur = label.haloBlur
        guard blur > 0 else { return [(h, 1)] }
        let steps = max(2, min(16, Int(blur.rounded(.up)) * 2))
        var levels: [(Double, Double)] = []
        var below = 0.0
        for j in 0..<steps {
            let halfWidth = h + blur / 2 - (Double(j) + 0.5) / Double(steps) * blur
            guard halfWidth > 0 else { break }
            let target = Double(j + 1) / Double(steps)
            levels.append((halfWidth, (target - below) / (1 - below)))
            below = target
        }
        return levels
    }

    /// Each level's strokes are composed as one image (a group) when translucent, so that
    /// neighbouring glyphs' halos do not add up where they overlap, and a translucent halo
    /// colour fades the whole halo at once.
    private func drawHalo(_ placements: [Placement], into content: inout PDFContent) {
        let bounds = label.bounds.expanded(by: label.haloWidth + label.haloBlur + 2)
        func levels(_ content: inout PDFContent) {
            for level in haloLevels() {
                if level.alpha >= 1 {
                    strokeGlyphs(placements, halfWidth: level.halfWidth, into: &content)
                    continue
                }
                let group = content.document.transparencyGroup(bounds: bounds) {
                    strokeGlyphs(placements, halfWidth: level.halfWidth, into: &$0)
                }
                content.setFillAlpha(level.alpha)
                content.draw(group)
            }
        }
        if label.haloColor.a >= 1 {
            levels(&content)
            return
        }
        let group = content.document.transparencyGroup(bounds: bounds) { levels(&$0) }
        content.setFillAlpha(label.haloColor.a)
        content.draw(group)
    }

    /// Strokes every glyph's outline (a form per glyph) in the halo's colour made opaque.
    private func strokeGlyphs(_ placements: [Placement], halfWidth: Double, into content: inout PDFContent) {
        let document = content.document
        var color = label.haloColor
        color.a = 1
        content.setStroke(color)
        for placement in placements {
            for run in placement.runs {
                guard let used = document.fonts.use(run.font) else { continue }
                // Glyph units (y up) to pixels (y down) at the glyph's origin.
                let k = used.size / FaceOutlines.unitsPerEm
                content.setLine(LineStyle(width: 2 * halfWidth / k, join: .round))
                for (i, glyph) in run.glyphs.enumerated() where PDFFonts.isGlyph(glyph) {
                    guard let form = document.glyphForms.form(face: used.face, glyph: glyph, in: document) else { continue }
                    content.save()
                    content.concatenate(Affine(a: k, d: -k, e: run.positions[2 * i], f: run.positions[2 * i + 1]).then(placement.frame))
                    content.draw(form)
                    content.restore()
                }
            }
        }
    }

    // MARK: Text

    /// What each glyph of a run stands for when that is plain: as many characters as
    /// glyphs, placed left to right (Chinese, most Latin text). Otherwise (ligatures,
    /// combining marks, right-to-left text) nil, and the run carries its text as
    /// `/ActualText` instead, which readers copy and extract in place of the glyphs.
    static func characters(of run: GlyphRun) -> [String]? {
        let characters = run.text.unicodeScalars.map { String($0) }
        guard characters.count == run.glyphs.count else { return nil }
        for i in run.glyphs.indices.dropFirst() where run.positions[2 * i] < run.positions[2 * i - 2] { return nil }
        return characters
    }

    /// A run's glyphs: a text matrix at the start of each baseline (text space y up, so
    /// the text reads upright), then `TJ` strings whose adjustments move the pen from where
    /// the font's widths leave it to where Pango placed the next glyph.
    private func show(_ run: GlyphRun, _ frame: Affine, into content: inout PDFContent) {
        let document = content.document
        let fonts = document.fonts
        guard let used = fonts.use(run.font), !run.glyphs.isEmpty else { return }
        let characters = Self.characters(of: run)
        // Sizes are written to thousandths; the pen moves by what readers will use.
        let size = (used.size * 1000).rounded() / 1000
        var font = ""
        var baseline: Double?
        var pen = 0.0
        var inArray = false, inString = false
        content.withBuffer { out in
            func endArray() {
                if inString { out.byte(UInt8(ascii: ">")) }
                if inArray { out.append("]TJ\n") }
                inArray = false
                inString = false
            }
            if characters == nil {
                out.append("/Span<</ActualText")
                out.textString(run.text)
                out.append(">>BDC\n")
            }
            for (i, glyph) in run.glyphs.enumerated() where PDFFonts.isGlyph(glyph) {
                let x = run.positions[2 * i], y = run.positions[2 * i + 1]
                let code = fonts.code(face: used.face, glyph: glyph, text: characters?[i] ?? "", in: document)
                if code.font != font {
                    endArray()
                    out.name(code.font)
                    out.byte(UInt8(ascii: " "))
                    out.number(size, decimals: 3)
                    out.append(" Tf\n")
                    font = code.font
                }
                if baseline != y {
                    endArray()
                    out.matrix(Affine(d: -1, e: x, f: y).then(frame))
                    out.append(" Tm\n")
                    baseline = y
                    pen = x
                }
                if !inArray {
                    out.byte(UInt8(ascii: "["))
                    inArray = true
                }
                // In thousandths of the font size, positive to the left; rounded as written.
                let adjustment = ((pen - x) * 1000 / size * 10).rounded() / 10
                if adjustment != 0 {
                    if inString { out.byte(UInt8(ascii: ">")) }
                    inString = false
                    out.number(adjustment, decimals: 1)
                    pen -= adjustment * size / 1000
                }
                if !inString {
                    out.byte(UInt8(ascii: "<"))
                    inString = true
                }
                out.hexByte(code.code)
                pen += code.advance * size / 1000
            }
            endArray()
            if characters == nil { out.append("EMC\n") }
        }
    }
}
