#if canImport(Glibc)
import Glibc
#endif
import CCairo
import Style

extension CairoBackend {
    /// Draws a circle as MapLibre's circle shader does. With R = radius + stroke width,
    /// the colour fades out over the outermost pixel (or over `blur`·R) inside R, and the
    /// change from fill to stroke colour happens just inside the radius. Without blur, that
    /// is a disc and a ring half a pixel smaller than their nominal radii under Cairo's own
    /// antialiasing; with blur, a radial gradient sampled from the shader's formula.
    static func drawCircle(_ cr: OpaquePointer, _ x: Double, _ y: Double, _ paint: CirclePaint) {
        let outer = paint.radius + paint.strokeWidth
        guard outer > 0 else { return }
        let hasStroke = paint.strokeWidth >= 0.01
        // The shader's antialiasing width is one device pixel, as a fraction of R.
        let blur = max(paint.blur, 1 / outer)
        if blur * outer > 1.0001 {
            drawBlurredCircle(cr, x, y, paint, outer: outer, blur: blur, hasStroke: hasStroke)
            return
        }
        cairo_new_path(cr)
        if !hasStroke {
            disc(cr, x, y, outer - 0.5, paint.color)
        } else if paint.color.a >= 1 {
            // Opaque fill over a full stroke disc: no seam between the two.
            disc(cr, x, y, outer - 0.5, paint.strokeColor)
            disc(cr, x, y, paint.radius - 0.5, paint.color)
        } else {
            disc(cr, x, y, paint.radius - 0.5, paint.color)
            if paint.strokeColor.a > 0 {
                cairo_arc(cr, x, y, outer - 0.5, 0, 2 * .pi)
                cairo_new_sub_path(cr)
                cairo_arc_negative(cr, x, y, max(0, paint.radius - 0.5), 2 * .pi, 0)
                setColor(cr, paint.strokeColor)
                cairo_fill(cr)
            }
        }
    }

    private static func disc(_ cr: OpaquePointer, _ x: Double, _ y: Double, _ r: Double, _ c: Color) {
        guard r > 0, c.a > 0 else { return }
        cairo_arc(cr, x, y, r, 0, 2 * .pi)
        setColor(cr, c)
        cairo_fill(cr)
    }

    private static func drawBlurredCircle(_ cr: OpaquePointer, _ x: Double, _ y: Double, _ paint: CirclePaint,
                                          outer: Double, blur: Double, hasStroke: Bool) {
        func smoothstep(_ e0: Double, _ e1: Double, _ v: Double) -> Double {
            let t = min(max((v - e0) / (e1 - e0), 0), 1)
            return t * t * (3 - 2 * t)
        }
        let pattern = cairo_pattern_create_radial(x, y, 0, x, y, outer)!
        let inner = paint.radius / outer
        let samples = 32
        for k in 0...samples {
            let d = Double(k) / Double(samples)
            let opacity = smoothstep(0, -blur, d - 1)
            let t = hasStroke ? smoothstep(-blur, 0, d - inner) : 0
            // Premultiplied mix, as the shader does, then back to straight alpha for Cairo.
            let f = paint.color, s = paint.strokeColor
            let a = (f.a + (s.a - f.a) * t) * opacity
            if a <= 0 {
                cairo_pattern_add_color_stop_rgba(pattern, d, 0, 0, 0, 0)
                continue
            }
            let r = (f.r * f.a + (s.r * s.a - f.r * f.a) * t) * opacity / a
            let g = (f.g * f.a + (s.g * s.a - f.g * f.a) * t) * opacity / a
            let b = (f.b * f.a + (s.b * s.a - f.b * f.a) * t) * opacity / a
            cairo_pattern_add_color_stop_rgba(pattern, d, r, g, b, a)
        }
        cairo_new_path(cr)
        cairo_arc(cr, x, y, outer, 0, 2 * .pi)
        cairo_set_source(cr, pattern)
        cairo_fill(cr)
        cairo_pattern_destroy(pattern)
    }
}
