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

    /// A label's fill, worked out while its halo was drawn (one sampling of the fields for
    /// both) and composited when the layer's text is drawn.
    struct PendingFill {
        let mask: OpaquePointer
        let x: Double
        let y: Double
        let color: Color

        func paint(_ cr: OpaquePointer) {
            cairo_save(cr)
            cairo_identity_matrix(cr)
            setColor(cr, color)
            cairo_mask_surface(cr, mask, x, y)
            cairo_restore(cr)
            cairo_surface_destroy(mask)
        }
    }

    /// The edge and gamma of a part in field units (0...1 of the field's range).
    private static func edge(_ label: PlacedLabel, _ part: FieldPart, k: Double, scale: Double) -> (edge: Double, gamma: Double) {
        switch part {
        case .fill:
            // The outline sits at 0.75 of the field's range; the edge is 0.105 of it wide
            // at 24 device pixels per em (EDGE_GAMMA / fontScale).
            return (0.75, 0.105 / scale)
        case .halo:
            return ((6 - label.haloWidth * k / scale) / 8, (label.haloBlur * k * 1.19 / 8 + 0.105) / scale)
        }
    }

    /// Device pixels per device pixel of the context when its transform is a plain scale
    /// and translation; nil otherwise (the caller draws outlines instead).
    private static func plainScale(_ cr: OpaquePointer) -> cairo_matrix_t? {
        var m = cairo_matrix_t()
        cairo_get_matrix(cr, &m)
        guard m.xy == 0, m.yx == 0, m.xx > 0, m.xx == m.yy else { return nil }
        return m
    }

    /// Draws the halo or the fill of a label that has `fieldScale`; false when the context's
    /// transform is not a plain scale and translation (the caller draws outlines instead).
    @discardableResult
    static func drawField(_ cr: OpaquePointer, _ label: PlacedLabel, _ part: FieldPart) -> Bool {
        guard let fieldScale = label.fieldScale else { return false }
        guard let m = plainScale(cr) else { return false }
        let k = m.xx
        let scale = fieldScale * k
        let color: Color
        switch part {
        case .fill:
            color = label.color
        case .halo:
            guard label.haloWidth > 0, label.haloColor.a > 0 else { return true }
            color = label.haloColor
        }
        let (edge, gamma) = edge(label, part, k: k, scale: scale)
        let glyphs = fieldGlyphs(label, m)
        guard !glyphs.isEmpty else { return true }
        // Formatted sections may have colours of their own: one mask per colour.
        var groups: [(color: Color, glyphs: [FieldGlyph])] = []
        for g in glyphs {
            let c = part == .fill ? g.color ?? color : color
            if let i = groups.firstIndex(where: { $0.color == c }) { groups[i].glyphs.append(g) } else { groups.append((c, [g])) }
        }
        for group in groups where group.color.a > 0 {
            guard let (mask, x, y) = masks(group.glyphs, [(edge, gamma)]).first else { continue }
            PendingFill(mask: mask, x: x, y: y, color: group.color).paint(cr)
        }
        return true
    }

    /// Draws the halo of a label in one colour and returns its fill for later, both from
    /// one sampling of the glyph fields; nil when the label needs the separate passes
    /// (no halo, section colours, or a transform that is not a plain scale).
    static func drawHaloKeepingFill(_ cr: OpaquePointer, _ label: PlacedLabel) -> PendingFill? {
        guard let fieldScale = label.fieldScale, label.haloWidth > 0, label.haloColor.a > 0,
              let m = plainScale(cr) else { return nil }
        let k = m.xx, scale = fieldScale * k
        let glyphs = fieldGlyphs(label, m)
        guard !glyphs.isEmpty, glyphs.allSatisfy({ $0.color == nil }) else { return nil }
        let halo = edge(label, .halo, k: k, scale: scale), fill = edge(label, .fill, k: k, scale: scale)
        // The fill's coverage is within the halo's: the halo's edge is the lower.
        guard halo.edge - halo.gamma <= fill.edge - fill.gamma else { return nil }
        let made = masks(glyphs, [halo, fill])
        guard made.count == 2 else { return nil }
        PendingFill(mask: made[0].mask, x: made[0].x, y: made[0].y, color: label.haloColor).paint(cr)
        return PendingFill(mask: made[1].mask, x: made[1].x, y: made[1].y, color: label.color)
    }

    /// A8 masks of the glyphs' coverage for each (edge, gamma), over the device box of the
    /// glyph quads, with the device position of the mask's corner.
    private static func masks(_ glyphs: [FieldGlyph], _ parts: [(edge: Double, gamma: Double)])
        -> [(mask: OpaquePointer, x: Double, y: Double)] {
        var bounds = Box.empty
        for g in glyphs { bounds.extend(g.bounds) }
        let x0 = bounds.minX.rounded(.down), y0 = bounds.minY.rounded(.down)
        // Sized in Double first: a style's huge text or halo would overflow Int.
        let width = bounds.maxX.rounded(.up) - x0, height = bounds.maxY.rounded(.up) - y0
        guard width > 0, height > 0, width * height <= 16_000_000 else { return [] }
        let w = Int(width), h = Int(height)
        let n = w * h
        let coverage = UnsafeMutablePointer<Float>.allocate(capacity: n * parts.count)
        coverage.initialize(repeating: 0, count: n * parts.count)
        defer { coverage.deallocate() }
        let second = parts.count > 1 ? coverage + n : nil
        let p0 = parts[0], p1 = parts.count > 1 ? parts[1] : parts[0]
        for g in glyphs {
            g.cover(coverage, second, width: w, height: h, x0: x0, y0: y0,
                    low: Float(p0.edge - p0.gamma), inverse: Float(1 / (2 * p0.gamma)),
                    low2: Float(p1.edge - p1.gamma), inverse2: Float(1 / (2 * p1.gamma)))
        }
        var result: [(mask: OpaquePointer, x: Double, y: Double)] = []
        for part in parts.indices {
            let mask = cairo_image_surface_create(CAIRO_FORMAT_A8, Int32(w), Int32(h))!
            cairo_surface_flush(mask)
            let stride = Int(cairo_image_surface_get_stride(mask))
            let data = cairo_image_surface_get_data(mask)!
            let source = coverage + part * n
            for y in 0..<h {
                let row = data + y * stride, from = source + y * w
                for x in 0..<w { row[x] = UInt8(from[x] * 255 + 0.5) }
            }
            cairo_surface_mark_dirty(mask)
            result.append((mask, x0, y0))
        }
        return result
    }

    /// Every glyph of the label with the device position of its pen and its turn.
    private static func fieldGlyphs(_ label: PlacedLabel, _ m: cairo_matrix_t) -> [FieldGlyph] {
        let atlas = GlyphAtlas.shared
        var result: [FieldGlyph] = []
        func add(_ run: GlyphRun, frame: (Double, Double) -> (Double, Double), angle: Double) {
            let face = atlas.face(run.font)
            let ascender = Double(atlas.ascender(face, run.font))
            for (i, id) in run.glyphs.enumerated() {
                let glyph = atlas.glyph(id, face, run.font)
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

    /// Adds the glyph's coverage (smoothstep of the sampled field from `low`, over
    /// 1 / `inverse`) to `coverage`, compositing as overlapping quads blend; with `second`,
    /// also the coverage for `low2` / `inverse2` from the same samples (which must lie
    /// within the first: `low2` ≥ `low`). Walks the quad's device box row by row, stepping
    /// the field position by the pixel's footprint.
    func cover(_ coverage: UnsafeMutablePointer<Float>, _ second: UnsafeMutablePointer<Float>?, width: Int, height: Int,
               x0: Double, y0: Double, low: Float, inverse: Float, low2: Float, inverse2: Float) {
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
        @inline(__always) func add(_ i: Int, _ distance: Float) {
            var t = (distance - low) * inverse
            guard t > 0 else { return }
            t = min(t, 1)
            coverage[i] += t * t * (3 - 2 * t) * (1 - coverage[i])
            if let second {
                var t2 = (distance - low2) * inverse2
                guard t2 > 0 else { return }
                t2 = min(t2, 1)
                second[i] += t2 * t2 * (3 - 2 * t2) * (1 - second[i])
            }
        }
        glyph.sampling.withUnsafeBufferPointer { buffer in
            let f = buffer.baseAddress!
            if s == 0 && c > 0 {
                // Upright: one field row pair per device row, and the columns that can
                // reach the field found once.
                for py in firstY...lastY {
                    let v = (y0 + Double(py) + 0.5 - penY) * k - fieldTop + shift
                    guard v >= 0.5, v <= maxV else { continue }
                    let iy = Int(v), ty = Float(v - Double(iy))
                    let u0 = (x0 + Double(firstX) + 0.5 - penX) * k - fieldLeft + shift
                    // A column either side of the quad's, then the exact test (where a
                    // halo is blurred, even the border's zeros have coverage).
                    let jStart = max(0, Int(((0.5 - u0) / k).rounded(.down)))
                    let jEnd = min(lastX - firstX, Int(((maxU - u0) / k).rounded(.up)))
                    guard jStart <= jEnd else { continue }
                    let top = f + iy * pw, bottom = top + pw
                    let row = py * width + firstX
                    for j in jStart...jEnd {
                        let u = u0 + Double(j) * k
                        guard u >= 0.5, u <= maxU else { continue }
                        let ix = Int(u)
                        let tx = Float(u - Double(ix))
                        let a = Float(top[ix]), bb = Float(top[ix + 1]), cc = Float(bottom[ix]), d = Float(bottom[ix + 1])
                        let upper = a + (bb - a) * tx, lower = cc + (d - cc) * tx
                        add(row + j, (upper + (lower - upper) * ty) * (1 / 255))
                    }
                }
                return
            }
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
                    let upper = a + (bb - a) * tx, lower = cc + (d - cc) * tx
                    add(i, (upper + (lower - upper) * ty) * (1 / 255))
                }
            }
        }
    }
}
