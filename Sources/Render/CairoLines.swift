import CCairo
import Style

extension CairoBackend {
    /// Strokes the current path. A blurred line is drawn as nested strokes, widest and
    /// faintest first, each replacing the one below inside a group, which reproduces
    /// MapLibre's linear fade from the full colour `blur` pixels inside the edge to nothing at it.
    static func stroke(_ cr: OpaquePointer, _ paint: StrokePaint) {
        setStrokeStyle(cr, paint)
        guard paint.blur > 0 else {
            setColor(cr, paint.color)
            cairo_stroke(cr)
            return
        }
        let path = cairo_copy_path(cr)
        cairo_new_path(cr)
        cairo_push_group(cr)
        cairo_set_operator(cr, CAIRO_OPERATOR_SOURCE)
        // MapLibre: alpha = clamp((w/2 + 0.5 - d) / (blur + 1), 0, 1) at distance d from the centre.
        let ramp = paint.blur + 1
        let steps = max(2, min(16, Int(ramp.rounded(.up)) * 2))
        for j in 0..<steps {
            let halfWidth = paint.width / 2 + 0.5 - (Double(j) + 0.5) / Double(steps) * ramp
            guard halfWidth > 0 else { break }
            cairo_append_path(cr, path)
            cairo_set_line_width(cr, 2 * halfWidth)
            let c = paint.color
            cairo_set_source_rgba(cr, c.r, c.g, c.b, Double(j + 1) / Double(steps))
            cairo_stroke(cr)
        }
        cairo_pop_group_to_source(cr)
        cairo_paint_with_alpha(cr, paint.color.a)
        cairo_path_destroy(path)
    }

    /// Draws each segment with a linear gradient along it; round caps on every segment
    /// fill the joins between them.
    static func drawGradientLine(_ cr: OpaquePointer, _ segments: [GradientSegment], _ paint: StrokePaint) {
        setStrokeStyle(cr, paint)
        cairo_set_line_cap(cr, paint.cap == .butt ? CAIRO_LINE_CAP_BUTT : CAIRO_LINE_CAP_ROUND)
        cairo_push_group(cr)
        for (i, s) in segments.enumerated() {
            let pattern = cairo_pattern_create_linear(s.x0, s.y0, s.x1, s.y1)!
            for (t, c) in s.stops { cairo_pattern_add_color_stop_rgba(pattern, t, c.r, c.g, c.b, c.a) }
            cairo_set_source(cr, pattern)
            cairo_new_path(cr)
            cairo_move_to(cr, s.x0, s.y0)
            cairo_line_to(cr, s.x1, s.y1)
            // Inner ends get round caps so consecutive segments join without a notch.
            let inner = i > 0 || i < segments.count - 1
            if inner && paint.cap == .butt { cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND) }
            cairo_stroke(cr)
            cairo_pattern_destroy(pattern)
        }
        cairo_pop_group_to_source(cr)
        cairo_paint_with_alpha(cr, paint.color.a)
    }
}
