#if canImport(Glibc)
import Glibc
#endif
import CCairo
import CPango
import Style

extension CairoBackend {
    /// Draws a placed label, its halo first. On an image surface the text is drawn once into
    /// a coverage mask; the halo is that mask dilated by the halo width (a disc, as
    /// MapLibre's distance-field halo is) and softened by the halo blur, and both are
    /// composited in one operation each: far cheaper than drawing the text again for the
    /// halo, and exact for any halo width.
    static func drawLabel(_ cr: OpaquePointer, _ label: PlacedLabel) {
        let hasHalo = label.haloWidth > 0 && label.haloColor.a > 0
        guard hasHalo, let (mask, x, y) = textMask(cr, label) else {
            if hasHalo { drawOutlineHalo(cr, label) }
            setColor(cr, label.color)
            drawText(cr, label)
            return
        }
        defer { cairo_surface_destroy(mask) }
        let halo = LabelHalo.dilate(mask, radius: label.haloWidth, blur: label.haloBlur)
        defer { cairo_surface_destroy(halo) }
        setColor(cr, label.haloColor)
        cairo_mask_surface(cr, halo, x, y)
        setColor(cr, label.color)
        cairo_mask_surface(cr, mask, x, y)
    }

    /// The label's text as an A8 coverage mask over its bounds (grown for the halo) and the
    /// mask's position, when the context maps user space to pixels one to one.
    private static func textMask(_ cr: OpaquePointer, _ label: PlacedLabel) -> (OpaquePointer, Double, Double)? {
        var m = cairo_matrix_t()
        cairo_get_matrix(cr, &m)
        guard m.xx == 1, m.yy == 1, m.xy == 0, m.yx == 0 else { return nil }
        let b = label.bounds.expanded(by: label.haloWidth + label.haloBlur + 2)
        let x0 = b.minX.rounded(.down), y0 = b.minY.rounded(.down)
        // Sized in Double first: a style's huge halo would overflow Int.
        let width = b.maxX.rounded(.up) - x0, height = b.maxY.rounded(.up) - y0
        guard width > 0, height > 0, width * height <= 16_000_000 else { return nil }
        let w = Int(width), h = Int(height)
        let mask = cairo_image_surface_create(CAIRO_FORMAT_A8, Int32(w), Int32(h))!
        let mcr = cairo_create(mask)!
        cairo_translate(mcr, -x0, -y0)
        cairo_set_source_rgba(mcr, 0, 0, 0, 1)
        drawText(mcr, label)
        cairo_destroy(mcr)
        cairo_surface_flush(mask)
        return (mask, x0, y0)
    }

    /// Draws the label's text (no halo) with the current source, from its shaped glyphs.
    static func drawText(_ cr: OpaquePointer, _ label: PlacedLabel) {
        if let glyphs = label.glyphs {
            for g in glyphs {
                cairo_save(cr)
                cairo_translate(cr, g.x, g.y)
                cairo_rotate(cr, g.angle)
                for run in g.runs { showRun(cr, run, 0, 0) }
                cairo_restore(cr)
            }
            return
        }
        cairo_save(cr)
        if label.rotation != 0 {
            cairo_translate(cr, label.pivotX, label.pivotY)
            cairo_rotate(cr, label.rotation)
            cairo_translate(cr, -label.pivotX, -label.pivotY)
        }
        for run in label.runs { showRun(cr, run, label.originX, label.originY) }
        cairo_restore(cr)
    }

    /// Shows a glyph run at (x, y) with the run's own face.
    static func showRun(_ cr: OpaquePointer, _ run: GlyphRun, _ x: Double, _ y: Double) {
        if GlyphSets.isRunFont(run.font) {
            for system in run.systemRuns() { showRun(cr, system, x, y) }
            return
        }
        guard !run.glyphs.isEmpty, let font = TextShaper.current.scaledFont(run.font) else { return }
        cairo_set_scaled_font(cr, font)
        var glyphs = [cairo_glyph_t](repeating: cairo_glyph_t(), count: run.glyphs.count)
        for i in run.glyphs.indices {
            glyphs[i] = cairo_glyph_t(index: UInt(run.glyphs[i]), x: x + run.positions[2 * i], y: y + run.positions[2 * i + 1])
        }
        cairo_show_glyphs(cr, glyphs, Int32(glyphs.count))
    }

    /// The halo as the glyph outlines stroked at twice the halo width with round joins,
    /// for contexts that scale or turn (drawn in a group, so a translucent halo does not
    /// add up where strokes overlap).
    private static func drawOutlineHalo(_ cr: OpaquePointer, _ label: PlacedLabel) {
        let shaper = TextShaper.current
        cairo_push_group(cr)
        cairo_set_source_rgba(cr, label.haloColor.r, label.haloColor.g, label.haloColor.b, 1)
        cairo_set_line_width(cr, 2 * label.haloWidth)
        cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND)
        cairo_set_dash(cr, nil, 0, 0)
        if let glyphs = label.glyphs {
            for g in glyphs {
                let (layout, baseline) = shaper.piece(g.text, of: label)
                cairo_save(cr)
                cairo_translate(cr, g.x, g.y)
                cairo_rotate(cr, g.angle)
                cairo_new_path(cr)
                cairo_move_to(cr, 0, -baseline)
                pango_cairo_layout_path(cr, layout)
                cairo_restore(cr)
                cairo_stroke(cr)
            }
        } else {
            let layout = shaper.layout(for: label)
            cairo_save(cr)
            if label.rotation != 0 {
                cairo_translate(cr, label.pivotX, label.pivotY)
                cairo_rotate(cr, label.rotation)
                cairo_translate(cr, -label.pivotX, -label.pivotY)
            }
            cairo_new_path(cr)
            cairo_move_to(cr, label.originX, label.originY)
            pango_cairo_layout_path(cr, layout)
            cairo_restore(cr)
            cairo_stroke(cr)
        }
        cairo_pop_group_to_source(cr)
        cairo_paint_with_alpha(cr, label.haloColor.a)
    }
}
