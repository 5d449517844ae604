import CCairo
import CPango
import Style

extension CairoBackend {
    /// Draws a placed label: its halo, then the text. A halo up to two pixels wide is the
    /// text drawn at eight offsets around the label (a dilation, a tenth of the cost of
    /// stroking every glyph outline); wider halos stroke the outline with round joins.
    static func drawLabel(_ cr: OpaquePointer, _ label: PlacedLabel) {
        let layout = TextShaper.current.layout(for: label)
        if label.haloWidth > 0 && label.haloColor.a > 0 {
            let h = label.haloWidth
            let translucent = label.haloColor.a < 1
            // Overlapping copies must not add up: a translucent halo is drawn opaque in a
            // group that is then painted with the halo's alpha.
            if translucent { cairo_push_group(cr) }
            var opaque = label.haloColor
            opaque.a = 1
            setColor(cr, opaque)
            if h <= 2 {
                let d = h * 0.7071
                for (dx, dy) in [(h, 0.0), (-h, 0), (0, h), (0, -h), (d, d), (-d, d), (d, -d), (-d, -d)] {
                    cairo_move_to(cr, label.originX + dx, label.originY + dy)
                    pango_cairo_show_layout(cr, layout)
                }
            } else {
                cairo_new_path(cr)
                cairo_move_to(cr, label.originX, label.originY)
                pango_cairo_layout_path(cr, layout)
                cairo_set_line_width(cr, 2 * h)
                cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND)
                cairo_set_dash(cr, nil, 0, 0)
                cairo_stroke(cr)
            }
            if translucent {
                cairo_pop_group_to_source(cr)
                cairo_paint_with_alpha(cr, label.haloColor.a)
            }
        }
        cairo_move_to(cr, label.originX, label.originY)
        setColor(cr, label.color)
        pango_cairo_show_layout(cr, layout)
        cairo_new_path(cr)
    }
}
