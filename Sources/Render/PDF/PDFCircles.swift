import Geometry
import Style

extension PDFScenePainter {
    /// Circles of one paint as the Cairo backend draws them: with R = radius + stroke
    /// width, a disc and a ring half a pixel inside their nominal radii (MapLibre's shader
    /// fades over the outermost pixel), all circles of a run in one path per colour;
    /// blurred circles as a radial shading sampled from the shader's formula.
    func drawCircles(_ centres: [(Double, Double)], _ paint: CirclePaint, into content: inout PDFContent) {
        let outer = paint.radius + paint.strokeWidth
        guard outer > 0 else { return }
        let blur = max(paint.blur, 1 / outer)
        if blur * outer > 1.0001 {
            drawBlurredCircles(centres, paint, outer: outer, blur: blur, into: &content)
            return
        }
        func discs(_ r: Double, _ c: Color) {
            guard r > 0, c.a > 0 else { return }
            content.setFill(c)
            for (x, y) in centres { content.circle(x, y, r) }
            content.paint("f")
        }
        guard paint.strokeWidth >= 0.01 else {
            discs(outer - 0.5, paint.color)
            return
        }
        if paint.color.a >= 1 {
            // An opaque fill over a full stroke-coloured disc: no seam between the two.
            discs(outer - 0.5, paint.strokeColor)
            discs(paint.radius - 0.5, paint.color)
        } else {
            discs(paint.radius - 0.5, paint.color)
            guard paint.strokeColor.a > 0 else { return }
            content.setStroke(paint.strokeColor)
            content.setLine(LineStyle(width: paint.strokeWidth))
            for (x, y) in centres { content.circle(x, y, max(0, paint.radius - 0.5) + paint.strokeWidth / 2) }
            content.paint("S")
        }
    }

    /// One radial shading (with its alpha mask) centred on the origin, painted at each
    /// centre by moving the origin there.
    private func drawBlurredCircles(_ centres: [(Double, Double)], _ paint: CirclePaint, outer: Double, blur: Double,
                                    into content: inout PDFContent) {
        let shading = PDFShading(geometry: .radial(x: 0, y: 0, radius: outer), stops: circleStops(paint, outer: outer, blur: blur),
                                 extend: false)
        let painted = shading.register(in: content.document,
                                       maskBounds: Box(minX: -outer, minY: -outer, maxX: outer, maxY: outer))
        for (x, y) in centres {
            content.save()
            content.concatenate(.translation(x, y))
            content.setFillAlpha(painted.alpha)
            if let mask = painted.mask { content.setState(mask) }
            content.shade(painted.shading)
            content.restore()
        }
    }

    /// The shader's colour and alpha at 33 distances from the centre, in straight alpha:
    /// opacity falls from 1 to 0 over the outer `blur`·R, and the colour turns from fill to
    /// stroke over `blur`·R just inside the radius (mixed premultiplied, as the shader does).
    private func circleStops(_ paint: CirclePaint, outer: Double, blur: Double) -> [(Double, Color)] {
        func smoothstep(_ e0: Double, _ e1: Double, _ v: Double) -> Double {
            let t = min(max((v - e0) / (e1 - e0), 0), 1)
            return t * t * (3 - 2 * t)
        }
        let hasStroke = paint.strokeWidth >= 0.01
        let inner = paint.radius / outer
        let samples = 32
        return (0...samples).map { k in
            let d = Double(k) / Double(samples)
            let opacity = smoothstep(0, -blur, d - 1)
            let t = hasStroke ? smoothstep(-blur, 0, d - inner) : 0
            let f = paint.color, s = paint.strokeColor
            // The colour does not depend on the opacity, so it stays defined where that is 0
            // (and nothing dark shows through the edge of the alpha mask).
            let mixed = f.a + (s.a - f.a) * t
            guard mixed > 0 else { return (d, Color(r: f.r, g: f.g, b: f.b, a: 0)) }
            let r = (f.r * f.a + (s.r * s.a - f.r * f.a) * t) / mixed
            let g = (f.g * f.a + (s.g * s.a - f.g * f.a) * t) / mixed
            let b = (f.b * f.a + (s.b * s.a - f.b * f.a) * t) / mixed
            let a = mixed * opacity
            return (d, Color(r: r, g: g, b: b, a: a))
        }
    }
}
