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
        let mask: CoverageMask
        let color: Color

        func paint(_ cr: OpaquePointer, direct: DirectImage?) { mask.paint(cr, color, direct: direct) }
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
    static func drawField(_ cr: OpaquePointer, _ label: PlacedLabel, _ part: FieldPart, direct: DirectImage?) -> Bool {
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
            masks(group.glyphs, [(edge, gamma)]).first?.paint(cr, group.color, direct: direct)
        }
        return true
    }

    /// Draws the halo of a label in one colour and returns its fill for later, both from
    /// one sampling of the glyph fields; nil when the label needs the separate passes
    /// (no halo, section colours, or a transform that is not a plain scale).
    static func drawHaloKeepingFill(_ cr: OpaquePointer, _ label: PlacedLabel, direct: DirectImage?) -> PendingFill? {
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
        made[0].paint(cr, label.haloColor, direct: direct)
        return PendingFill(mask: made[1], color: label.color)
    }

    /// The glyphs' coverage for each (edge, gamma), over the device box of the glyph quads.
    private static func masks(_ glyphs: [FieldGlyph], _ parts: [(edge: Double, gamma: Double)]) -> [CoverageMask] {
        var bounds = Box.empty
        for g in glyphs { bounds.extend(g.bounds) }
        let x0 = bounds.minX.rounded(.down), y0 = bounds.minY.rounded(.down)
        // Sized in Double first: a style's huge text or halo would overflow Int.
        let width = bounds.maxX.rounded(.up) - x0, height = bounds.maxY.rounded(.up) - y0
        guard width > 0, height > 0, width * height <= 16_000_000 else { return [] }
        let w = Int(width), h = Int(height)
        let n = w * h
        let scratch = FieldScratch.current
        let coverage = scratch.zeroedCoverage(n * parts.count)
        defer { scratch.trim() }
        let fieldParts = FieldParts(parts)
        for g in glyphs {
            g.cover(coverage, parts: fieldParts, width: w, height: h, x0: x0, y0: y0, scratch: scratch)
        }
        return parts.indices.map { part in
            let source = coverage + part * n
            let bytes = [UInt8](unsafeUninitializedCapacity: n) { bytes, count in
                // 2²³ added leaves the rounded value in the low mantissa bits: a
                // conversion without range checks, which the compiler vectorises.
                for i in 0..<n { bytes[i] = UInt8(truncatingIfNeeded: (source[i] * 255 + 8_388_608).bitPattern) }
                count = n
            }
            return CoverageMask(bytes: bytes, width: w, height: h, x: Int(x0), y: Int(y0))
        }
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
