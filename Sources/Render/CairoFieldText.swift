#if canImport(Glibc)
import Glibc
#endif
import CCairo
import Geometry
import Style

/// Map labels on image surfaces drawn the way MapLibre's symbol shader draws them: each
/// glyph's 24-px signed distance field is scaled to the label's size, sampled bilinearly at
/// pixel centres, and turned into coverage by a smoothstep around the outline (the fill) or
/// around a line `halo-width` outside it (the halo). The edge is as soft as MapLibre's
/// (about 1.7 px wide at 16 px) and every label looks like the same label in a MapLibre
/// map. Vector outputs keep glyph outlines.
extension CairoBackend {
    enum FieldPart { case halo, fill }

    /// Draws the halo or the fill of a label that has `fieldScale`; false when the context's
    /// transform is not a plain scale and translation (the caller draws outlines instead).
    @discardableResult
    static func drawField(_ cr: OpaquePointer, _ label: PlacedLabel, _ part: FieldPart) -> Bool {
        guard let fieldScale = label.fieldScale else { return false }
        var m = cairo_matrix_t()
        cairo_get_matrix(cr, &m)
        guard m.xy == 0, m.yx == 0, m.xx > 0, m.xx == m.yy else { return false }
        let k = m.xx
        let scale = fieldScale * k
        let color: Color
        let edge: Double, gamma: Double
        switch part {
        case .fill:
            color = label.color
            // The outline sits at 0.75 of the field's range; the edge is 0.105 of it wide
            // at 24 device pixels per em (EDGE_GAMMA / fontScale).
            edge = 0.75
            gamma = 0.105 / scale
        case .halo:
            guard label.haloWidth > 0, label.haloColor.a > 0 else { return true }
            color = label.haloColor
            edge = (6 - label.haloWidth * k / scale) / 8
            gamma = (label.haloBlur * k * 1.19 / 8 + 0.105) / scale
        }
        let glyphs = fieldGlyphs(label, m)
        guard !glyphs.isEmpty else { return true }
        // Formatted sections may have colours of their own: one mask per colour.
        var groups: [(color: Color, glyphs: [FieldGlyph])] = []
        for g in glyphs {
            let c = part == .fill ? g.color ?? color : color
            if let i = groups.firstIndex(where: { $0.color == c }) { groups[i].glyphs.append(g) } else { groups.append((c, [g])) }
        }
        for group in groups where group.color.a > 0 {
            paint(cr, group.glyphs, group.color, scale: scale, edge: edge, gamma: gamma)
        }
        return true
    }

    /// Composites glyph fields in one colour: their coverage as one A8 mask.
    private static func paint(_ cr: OpaquePointer, _ glyphs: [FieldGlyph], _ color: Color, scale: Double, edge: Double,
                              gamma: Double) {
        var bounds = Box.empty
        for g in glyphs { bounds.extend(g.bounds) }
        let x0 = bounds.minX.rounded(.down), y0 = bounds.minY.rounded(.down)
        let w = Int(bounds.maxX.rounded(.up) - x0), h = Int(bounds.maxY.rounded(.up) - y0)
        guard w > 0, h > 0, w * h <= 16_000_000 else { return }
        let coverage = UnsafeMutablePointer<Float>.allocate(capacity: w * h)
        coverage.initialize(repeating: 0, count: w * h)
        defer { coverage.deallocate() }
        for g in glyphs { g.cover(coverage, width: w, height: h, x0: x0, y0: y0, edge: edge, gamma: gamma) }
        let mask = cairo_image_surface_create(CAIRO_FORMAT_A8, Int32(w), Int32(h))!
        defer { cairo_surface_destroy(mask) }
        cairo_surface_flush(mask)
        let stride = Int(cairo_image_surface_get_stride(mask))
        let data = cairo_image_surface_get_data(mask)!
        for y in 0..<h {
            for x in 0..<w { data[y * stride + x] = UInt8(coverage[y * w + x] * 255 + 0.5) }
        }
        cairo_surface_mark_dirty(mask)
        cairo_save(cr)
        cairo_identity_matrix(cr)
        setColor(cr, color)
        cairo_mask_surface(cr, mask, x0, y0)
        cairo_restore(cr)
    }

    /// Every glyph of the label with the device position of its pen and its turn.
    private static func fieldGlyphs(_ label: PlacedLabel, _ m: cairo_matrix_t) -> [FieldGlyph] {
        let atlas = GlyphAtlas.shared
        var result: [FieldGlyph] = []
        func add(_ run: GlyphRun, frame: (Double, Double) -> (Double, Double), angle: Double) {
            let ascender = Double(atlas.ascender(run.font))
            for (i, id) in run.glyphs.enumerated() {
                let glyph = atlas.glyph(id, run.font)
                guard !glyph.field.isEmpty else { continue }
                let (ux, uy) = frame(run.positions[2 * i], run.positions[2 * i + 1])
                let pen = (m.xx * ux + m.x0, m.yy * uy + m.y0)
                result.append(FieldGlyph(glyph: glyph, ascender: ascender, penX: pen.0, penY: pen.1, angle: angle,
                                         scale: label.fieldScale! * m.xx, color: run.color))
            }
        }
        if let pieces = label.glyphs {
            for piece in pieces {
                let c = cos(piece.angle), s = sin(piece.angle)
                for run in piece.runs {
                    add(run, frame: { x, y in (piece.x + x * c - y * s, piece.y + x * s + y * c) }, angle: piece.angle)
                }
            }
        } else {
            let c = cos(label.rotation), s = sin(label.rotation)
            for run in label.runs {
                add(run, frame: { x, y in
                    let dx = label.originX + x - label.pivotX, dy = label.originY + y - label.pivotY
                    return (label.pivotX + dx * c - dy * s, label.pivotY + dx * s + dy * c)
                }, angle: label.rotation)
            }
        }
        return result
    }
}

/// One glyph's distance field placed on the device: its pen on the baseline, turned by
/// `angle`, `scale` device pixels per field pixel.
private struct FieldGlyph {
    let glyph: SDFGlyph
    let ascender: Double
    let penX: Double
    let penY: Double
    let angle: Double
    let scale: Double
    let color: Color?

    /// The field's first pixel's top-left corner from the pen, in field pixels (y down):
    /// MapLibre's glyph quad starts a further pixel out, its atlas padding, which is empty.
    private var fieldLeft: Double { Double(glyph.left - SDFGlyph.buffer) }
    private var fieldTop: Double { -Double(glyph.top) - ascender - Double(SDFGlyph.buffer) }

    /// The device box of the glyph's quad (field plus a pixel of padding).
    var bounds: Box {
        var box = Box.empty
        let c = cos(angle), s = sin(angle)
        let l = fieldLeft - 1, t = fieldTop - 1
        let r = l + Double(glyph.fieldWidth + 2), b = t + Double(glyph.fieldHeight + 2)
        for (x, y) in [(l, t), (r, t), (l, b), (r, b)] {
            let dx: Double = (x * c - y * s) * scale
            let dy: Double = (x * s + y * c) * scale
            box.extend(x: penX + dx, y: penY + dy)
        }
        return box
    }

    /// Adds the glyph's coverage (smoothstep of the sampled field from edge − gamma to
    /// edge + gamma) to `coverage`, compositing as overlapping quads blend. Walks the
    /// quad's device box row by row, stepping the field position by the pixel's footprint.
    func cover(_ coverage: UnsafeMutablePointer<Float>, width: Int, height: Int, x0: Double, y0: Double, edge: Double,
               gamma: Double) {
        let b = bounds
        let firstX = max(0, Int((b.minX - x0 - 0.5).rounded(.up))), lastX = min(width - 1, Int((b.maxX - x0 - 0.5).rounded(.down)))
        let firstY = max(0, Int((b.minY - y0 - 0.5).rounded(.up))), lastY = min(height - 1, Int((b.maxY - y0 - 0.5).rounded(.down)))
        guard firstX <= lastX, firstY <= lastY else { return }
        let pw = glyph.fieldWidth + 2 * SDFGlyph.sampleBorder
        let c = cos(angle), s = sin(angle), k = 1 / scale
        // Positions in the bordered field, whose texel centres are at whole numbers: the
        // quad (the field and its pixel of padding) spans 0.5 ... size + 2.5.
        let shift = Double(SDFGlyph.sampleBorder) - 0.5
        let maxU = Double(glyph.fieldWidth) + 2.5, maxV = Double(glyph.fieldHeight) + 2.5
        let du = c * k, dv = -s * k
        let low = Float(edge - gamma), inverse = Float(1 / (2 * gamma))
        glyph.sampling.withUnsafeBufferPointer { f in
            for py in firstY...lastY {
                let dy = y0 + Double(py) + 0.5 - penY
                let dx = x0 + Double(firstX) + 0.5 - penX
                var u = (dx * c + dy * s) * k - fieldLeft + shift
                var v = (-dx * s + dy * c) * k - fieldTop + shift
                var i = py * width + firstX
                for _ in firstX...lastX {
                    defer { u += du; v += dv; i += 1 }
                    guard u >= 0.5, v >= 0.5, u <= maxU, v <= maxV else { continue }
                    let ix = Int(u), iy = Int(v)
                    let tx = Float(u - Double(ix)), ty = Float(v - Double(iy))
                    let p = iy * pw + ix
                    let a = Float(f[p]), bb = Float(f[p + 1]), cc = Float(f[p + pw]), d = Float(f[p + pw + 1])
                    let top = a + (bb - a) * tx, bottom = cc + (d - cc) * tx
                    var t = ((top + (bottom - top) * ty) * (1 / 255) - low) * inverse
                    guard t > 0 else { continue }
                    t = min(t, 1)
                    let alpha = t * t * (3 - 2 * t)
                    coverage[i] += alpha * (1 - coverage[i])
                }
            }
        }
    }
}
