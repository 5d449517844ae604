import Geometry

extension DrawCommand {
    /// The device-pixel area the command may paint, including stroke widths, joins,
    /// antialiasing and halos; nil for the background, which paints everything.
    func bounds(in paths: PathBuffer, pixelRatio: Double) -> Box? {
        switch self {
        case .background:
            return nil
        case .fill(let subpaths, let paint):
            return paths.bounds(of: subpaths).expanded(by: paint.outline == nil ? 1 : pixelRatio + 1)
        case .stroke(let subpaths, let paint):
            // A miter reaches miterLimit half-widths from the line.
            let reach = paint.width / 2 * max(paint.join == .miter ? paint.miterLimit : 1, paint.cap == .square ? 1.5 : 1)
            let box = paths.bounds(of: subpaths).expanded(by: reach + paint.blur + 1)
            guard let clip = paint.clip?.bounds.expanded(by: 1) else { return box }
            return Box(minX: max(box.minX, clip.minX), minY: max(box.minY, clip.minY),
                       maxX: min(box.maxX, clip.maxX), maxY: min(box.maxY, clip.maxY))
        case .circle(let x, let y, let paint):
            let r = paint.radius + paint.strokeWidth + 1
            return Box(minX: x - r, minY: y - r, maxX: x + r, maxY: y + r)
        case .icon(let icon):
            return icon.bounds.expanded(by: 2)
        case .patternFill(let subpaths, _):
            return paths.bounds(of: subpaths).expanded(by: 1)
        case .label(let l):
            return l.bounds.expanded(by: l.haloWidth + l.haloBlur + 2)
        case .image(let i):
            return Box(minX: i.x, minY: i.y, maxX: i.x + Double(i.image.width), maxY: i.y + Double(i.image.height))
        case .gradientLine(let segments, let paint):
            var box = Box.empty
            for s in segments {
                box.extend(x: s.x0, y: s.y0)
                box.extend(x: s.x1, y: s.y1)
            }
            return box.expanded(by: paint.width / 2 + paint.blur + 1)
        }
    }
}

/// The device rows each command of a scene may paint, worked out once per scene so that
/// every band of a parallel raster skips the commands outside it without computing their
/// bounds again or copying them.
struct CommandRows: Sendable {
    struct Rows: Sendable {
        var top: Float
        var bottom: Float
    }
    /// Per layer, per command.
    var layers: [[Rows]]

    init(_ scene: Scene) {
        layers = scene.layers.map { layer in
            layer.commands.map { command in
                guard let box = command.bounds(in: layer.paths, pixelRatio: scene.pixelRatio) else {
                    return Rows(top: -.infinity, bottom: .infinity)
                }
                // Rounded outward: a Float keeps device rows to well under a pixel.
                return Rows(top: Float(box.minY.rounded(.down)), bottom: Float(box.maxY.rounded(.up)))
            }
        }
    }
}
