#if canImport(Glibc)
import Glibc
#endif
import CCairo
import CPango
import Style

extension CairoBackend {
    /// Draws a placed label: halos first (all of a label's glyphs, so that no halo covers a
    /// neighbouring glyph), then the text.
    static func drawLabel(_ cr: OpaquePointer, _ label: PlacedLabel) {
        let shaper = TextShaper.current
        let hasHalo = label.haloWidth > 0 && label.haloColor.a > 0
        if let glyphs = label.glyphs {
            for pass in hasHalo ? [true, false] : [false] {
                withHaloGroup(cr, label, halo: pass) {
                    for g in glyphs {
                        let (layout, baseline) = shaper.piece(g.text, of: label)
                        cairo_save(cr)
                        cairo_translate(cr, g.x, g.y)
                        cairo_rotate(cr, g.angle)
                        if pass {
                            drawHalo(cr, layout, 0, -baseline, label)
                        } else {
                            cairo_move_to(cr, 0, -baseline)
                            pango_cairo_show_layout(cr, layout)
                        }
                        cairo_restore(cr)
                    }
                }
            }
            cairo_new_path(cr)
            return
        }
        let layout = shaper.layout(for: label)
        let turned = label.rotation != 0
        if turned {
            cairo_save(cr)
            cairo_translate(cr, label.pivotX, label.pivotY)
            cairo_rotate(cr, label.rotation)
            cairo_translate(cr, -label.pivotX, -label.pivotY)
        }
        if hasHalo {
            withHaloGroup(cr, label, halo: true) { drawHalo(cr, layout, label.originX, label.originY, label) }
        }
        cairo_move_to(cr, label.originX, label.originY)
        setColor(cr, label.color)
        pango_cairo_show_layout(cr, layout)
        if turned { cairo_restore(cr) }
        cairo_new_path(cr)
    }

    /// Runs `body` with the source set for halo or text. A translucent halo is drawn
    /// opaque in a group painted with the halo's alpha, so overlapping strokes and copies
    /// do not add up.
    private static func withHaloGroup(_ cr: OpaquePointer, _ label: PlacedLabel, halo: Bool, _ body: () -> Void) {
        guard halo else {
            setColor(cr, label.color)
            body()
            return
        }
        let translucent = label.haloColor.a < 1
        if translucent { cairo_push_group(cr) }
        var opaque = label.haloColor
        opaque.a = 1
        setColor(cr, opaque)
        body()
        if translucent {
            cairo_pop_group_to_source(cr)
            cairo_paint_with_alpha(cr, label.haloColor.a)
        }
    }

    /// A halo up to two pixels wide is the text drawn at eight offsets (a dilation, a tenth
    /// of the cost of stroking every glyph outline); wider halos stroke the outline with
    /// round joins. The source is already set.
    private static func drawHalo(_ cr: OpaquePointer, _ layout: OpaquePointer, _ x: Double, _ y: Double, _ label: PlacedLabel) {
        let h = label.haloWidth
        if h <= 2 {
            let d = h * 0.7071
            for (dx, dy) in [(h, 0.0), (-h, 0), (0, h), (0, -h), (d, d), (-d, d), (d, -d), (-d, -d)] {
                cairo_move_to(cr, x + dx, y + dy)
                pango_cairo_show_layout(cr, layout)
            }
        } else {
            cairo_new_path(cr)
            cairo_move_to(cr, x, y)
            pango_cairo_layout_path(cr, layout)
            cairo_set_line_width(cr, 2 * h)
            cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND)
            cairo_set_dash(cr, nil, 0, 0)
            cairo_stroke(cr)
        }
    }
}
