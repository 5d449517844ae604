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
            return paths.bounds(of: subpaths).expanded(by: reach + paint.blur + 1)
        case .circle(let x, let y, let paint):
            let r = paint.radius + paint.strokeWidth + 1
            return Box(minX: x - r, minY: y - r, maxX: x + r, maxY: y + r)
        case .label(let l):
            return l.bounds.expanded(by: l.haloWidth + 2)
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
