#if canImport(Glibc)
import Glibc
#endif
import Geometry
import Style

extension PDFScenePainter {
    /// A `line-gradient` line as the Cairo backend draws it: each segment stroked with a
    /// linear gradient along it, with round ends wherever the line has more than one
    /// segment (so that consecutive segments join without a notch), in a group faded by
    /// the line's opacity. A PDF stroke cannot take a shading, so each segment's outline
    /// (a rectangle, with half discs for round ends) clips the shading instead.
    func drawGradientLine(_ segments: [GradientSegment], _ paint: StrokePaint, into content: inout PDFContent) {
        guard paint.width > 0, paint.color.a > 0 else { return }
        let round = paint.cap != .butt || segments.count > 1
        let halfWidth = paint.width / 2
        func draw(_ content: inout PDFContent) {
            for s in segments {
                let length = hypot(s.x1 - s.x0, s.y1 - s.y0)
                guard length > 0 else { continue }
                let box = Box(minX: min(s.x0, s.x1), minY: min(s.y0, s.y1), maxX: max(s.x0, s.x1), maxY: max(s.y0, s.y1))
                    .expanded(by: halfWidth + 1)
                let painted = PDFShading(geometry: .axial(x0: s.x0, y0: s.y0, x1: s.x1, y1: s.y1), stops: s.stops, extend: true)
                    .register(in: content.document, maskBounds: box)
                content.save()
                segmentOutline(s, length: length, halfWidth: halfWidth, round: round, into: &content)
                content.paint("W n")
                content.setFillAlpha(painted.alpha)
                if let mask = painted.mask { content.setState(mask) }
                content.shade(painted.shading)
                content.restore()
            }
        }
        if paint.color.a >= 1 {
            draw(&content)
            return
        }
        let bounds = segments.reduce(Box.empty) { box, s in
            var box = box
            box.extend(x: s.x0, y: s.y0)
            box.extend(x: s.x1, y: s.y1)
            return box
        }.expanded(by: halfWidth + 1)
        let group = content.document.transparencyGroup(bounds: bounds) { draw(&$0) }
        content.setFillAlpha(paint.color.a)
        content.draw(group)
    }

    /// The area a stroke of the segment covers: the rectangle along it, and with round
    /// ends a half disc beyond each end (four Bézier quarters in all).
    private func segmentOutline(_ s: GradientSegment, length: Double, halfWidth h: Double, round: Bool,
                                into content: inout PDFContent) {
        // Along the segment (u) and across it (n), both half a line width long.
        let ux = (s.x1 - s.x0) / length * h, uy = (s.y1 - s.y0) / length * h
        let nx = -uy, ny = ux
        let k = 0.5522847498
        content.move(s.x0 + nx, s.y0 + ny)
        content.line(s.x1 + nx, s.y1 + ny)
        if round {
            content.curve(s.x1 + nx + k * ux, s.y1 + ny + k * uy, s.x1 + ux + k * nx, s.y1 + uy + k * ny, s.x1 + ux, s.y1 + uy)
            content.curve(s.x1 + ux - k * nx, s.y1 + uy - k * ny, s.x1 - nx + k * ux, s.y1 - ny + k * uy, s.x1 - nx, s.y1 - ny)
        } else {
            content.line(s.x1 - nx, s.y1 - ny)
        }
        content.line(s.x0 - nx, s.y0 - ny)
        if round {
            content.curve(s.x0 - nx - k * ux, s.y0 - ny - k * uy, s.x0 - ux - k * nx, s.y0 - uy - k * ny, s.x0 - ux, s.y0 - uy)
            content.curve(s.x0 - ux + k * nx, s.y0 - uy + k * ny, s.x0 + nx - k * ux, s.y0 + ny - k * uy, s.x0 + nx, s.y0 + ny)
        }
        content.closePath()
    }
}
