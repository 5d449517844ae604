import Style

/// Writes a placed label as the Cairo backend draws it: the halo first (the outlines of
/// all the label's glyphs stroked at twice the halo width with round joins), then the
/// text, one text object per label with every glyph where Pango put it.
struct PDFLabelWriter {
    let label: PlacedLabel

    /// Glyphs laid out by Pango and the transform from their layout's coordinates (pixels,
    /// y down, origin at the top-left) to the scene's.
    private struct Placement {
        var glyphs: [ShapedGlyph]
        var frame: Affine
    }

    func draw(into content: inout PDFContent) {
        let placements = placements()
        if label.haloWidth > 0 && label.haloColor.a > 0 {
            if label.haloColor.a >= 1 {
                drawHalo(placements, into: &content)
            } else {
                // Opaque halos in a group faded as a whole, so overlapping strokes do not add up.
                let group = content.document.transparencyGroup(bounds: label.bounds.expanded(by: label.haloWidth + 2)) {
                    drawHalo(placements, into: &$0)
                }
                content.setFillAlpha(label.haloColor.a)
                content.draw(group)
            }
        }
        content.setFill(label.color)
        content.append("BT\n")
        for placement in placements { show(placement, into: &content) }
        content.append("ET\n")
    }

    /// Strokes each glyph's outline (a form per glyph) at twice the halo width with round
    /// joins, in the halo's colour made opaque.
    private func drawHalo(_ placements: [Placement], into content: inout PDFContent) {
        let document = content.document
        var color = label.haloColor
        color.a = 1
        content.setStroke(color)
        for placement in placements {
            for g in placement.glyphs {
                guard let used = document.fonts.use(g.font),
                      let form = document.glyphForms.form(face: used.face, glyph: g.glyph, in: document)
                else { continue }
                // Glyph units (y up) to layout pixels (y down), where the glyph stands.
                let k = used.size / FaceOutlines.unitsPerEm
                content.setLine(LineStyle(width: 2 * label.haloWidth / k, join: .round))
                content.save()
                content.concatenate(Affine(a: k, d: -k, e: g.x, f: g.y).then(placement.frame))
                content.draw(form)
                content.restore()
            }
        }
    }

    /// A block label is one layout at its origin, turned about the pivot; a label along a
    /// line is a layout per piece, each turned about its baseline point.
    private func placements() -> [Placement] {
        let shaper = TextShaper.current
        guard let pieces = label.glyphs else {
            var frame = Affine.translation(label.originX, label.originY)
            if label.rotation != 0 {
                frame = frame.then(.translation(-label.pivotX, -label.pivotY)).then(.rotation(label.rotation))
                    .then(.translation(label.pivotX, label.pivotY))
            }
            return [Placement(glyphs: shaper.glyphs(of: shaper.layout(for: label)), frame: frame)]
        }
        return pieces.map { piece in
            let (layout, baseline) = shaper.piece(piece.text, of: label)
            let frame = Affine.translation(0, -baseline).then(.rotation(piece.angle)).then(.translation(piece.x, piece.y))
            return Placement(glyphs: shaper.glyphs(of: layout), frame: frame)
        }
    }

    /// The glyphs of one layout: a text matrix at the start of each baseline (text space y
    /// up, so the text reads upright), then `TJ` strings whose adjustments move the pen
    /// from where the font's widths leave it to where Pango placed the next glyph.
    private func show(_ placement: Placement, into content: inout PDFContent) {
        let document = content.document
        let fonts = document.fonts
        var font = ""
        var size = 0.0
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
            for g in placement.glyphs {
                guard let used = fonts.use(g.font) else { continue }
                let code = fonts.code(face: used.face, glyph: g.glyph, text: g.text, in: document)
                // Sizes are written to thousandths; the pen moves by what readers will use.
                let written = (used.size * 1000).rounded() / 1000
                if code.font != font || written != size {
                    endArray()
                    out.name(code.font)
                    out.byte(UInt8(ascii: " "))
                    out.number(written, decimals: 3)
                    out.append(" Tf\n")
                    font = code.font
                    size = written
                }
                if baseline != g.y {
                    endArray()
                    out.matrix(Affine(d: -1, e: g.x, f: g.y).then(placement.frame))
                    out.append(" Tm\n")
                    baseline = g.y
                    pen = g.x
                }
                if !inArray {
                    out.byte(UInt8(ascii: "["))
                    inArray = true
                }
                // In thousandths of the font size, positive to the left; rounded as written.
                let adjustment = ((pen - g.x) * 1000 / size * 10).rounded() / 10
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
        }
    }
}
