import Geometry
import Style

/// Draws a scene's layers into a content stream as the Cairo backend draws them on an
/// image, one path per run of equal paint (`PaintRun`): PDF readers, like Cairo's PDF
/// surface, pay per operation far more than per segment.
struct PDFScenePainter {
    let scene: Scene

    func draw(_ layer: SceneLayer, into content: inout PDFContent) {
        for run in PaintRun.runs(of: layer) {
            switch run {
            case .background(let color):
                content.setFill(color)
                content.rectangle(Box(minX: 0, minY: 0, maxX: Double(scene.width), maxY: Double(scene.height)))
                content.paint("f")
            case .fill(let subpaths, let paint):
                fill(layer.paths, subpaths, paint, into: &content)
            case .stroke(let subpaths, let paint):
                if let clip = paint.clip {
                    content.save()
                    content.move(clip.corners[0], clip.corners[1])
                    for i in 1..<(clip.corners.count / 2) { content.line(clip.corners[2 * i], clip.corners[2 * i + 1]) }
                    content.closePath()
                    content.append("W n\n")
                    stroke(layer.paths, subpaths, paint, into: &content)
                    content.restore()
                } else {
                    stroke(layer.paths, subpaths, paint, into: &content)
                }
            case .circles(let centres, let paint):
                drawCircles(centres, paint, into: &content)
            case .label(let label):
                PDFLabelWriter(label: label).draw(into: &content)
            case .gradientLine(let segments, let paint):
                drawGradientLine(segments, paint, into: &content)
            case .icon(let icon):
                drawIcon(icon, into: &content)
            case .patternFill(let subpaths, let paint):
                fillPattern(layer.paths, subpaths, paint, into: &content)
            case .image(let image):
                drawImage(image, into: &content)
            }
        }
    }

    /// Even-odd, so that holes are holes whatever their winding, with the one-pixel
    /// outline stroked over the fill when the paint has one.
    func fill(_ paths: PathBuffer, _ subpaths: [Range<Int>], _ paint: FillPaint, into content: inout PDFContent) {
        guard paint.color.a > 0 || (paint.outline?.a ?? 0) > 0 else { return }
        content.setFill(paint.color)
        if let outline = paint.outline {
            content.setStroke(outline)
            content.setLine(LineStyle(width: scene.pixelRatio))
        }
        content.subpaths(paths, subpaths)
        content.paint(paint.outline == nil ? "f*" : "B*")
    }

    func stroke(_ paths: PathBuffer, _ subpaths: [Range<Int>], _ paint: StrokePaint, into content: inout PDFContent) {
        guard paint.color.a > 0, paint.width > 0 else { return }
        guard paint.blur > 0 else {
            content.setStroke(paint.color)
            content.setLine(LineStyle(paint, width: paint.width))
            content.subpaths(paths, subpaths)
            content.paint("S")
            return
        }
        if paint.color.a >= 1 {
            blurredStroke(paths, subpaths, paint, into: &content)
            return
        }
        // Translucent: the nested strokes are composed opaque in a group faded as a whole.
        let reach = paint.width / 2 * max(paint.join == .miter ? paint.miterLimit : 1, 1.5) + paint.blur + 2
        let bounds = subpaths.reduce(Box.empty) { $0.union(paths.bounds(of: $1)) }.expanded(by: reach)
        let group = content.document.transparencyGroup(bounds: bounds) { inner in
            var opaque = paint
            opaque.color.a = 1
            blurredStroke(paths, subpaths, opaque, into: &inner)
        }
        content.setFillAlpha(paint.color.a)
        content.draw(group)
    }

    /// MapLibre fades a blurred line linearly from its full colour `blur` pixels inside the
    /// edge to nothing at it. Nested strokes, widest and faintest first, each with the alpha
    /// that brings the coverage so far (source over) to its step of the ramp, draw that.
    private func blurredStroke(_ paths: PathBuffer, _ subpaths: [Range<Int>], _ paint: StrokePaint,
                               into content: inout PDFContent) {
        let ramp = paint.blur + 1
        let steps = max(2, min(16, Int(ramp.rounded(.up)) * 2))
        var below = 0.0
        for j in 0..<steps {
            let halfWidth = paint.width / 2 + 0.5 - (Double(j) + 0.5) / Double(steps) * ramp
            guard halfWidth > 0 else { break }
            let target = Double(j + 1) / Double(steps)
            var c = paint.color
            c.a = paint.color.a * (target - below) / (1 - below)
            below = target
            content.setStroke(c)
            content.setLine(LineStyle(paint, width: 2 * halfWidth))
            content.subpaths(paths, subpaths)
            content.paint("S")
        }
    }
}
