#if canImport(Glibc)
import Glibc
#endif
import Geometry
import Projection
import Render
import Style

extension PageCanvas {
    /// Degrees clockwise from the page's up to true north at the frame centre: the grid
    /// convergence there, and the map's bearing.
    static func northRotation(_ frame: MapFrame) throws -> Double {
        try PointScale(crs: frame.crs, x: frame.centerX, y: frame.centerY).northArrowRotation(bearing: frame.bearing)
    }

    /// An arrowhead split down its middle (dark and light halves) under an "N", turned to
    /// true north.
    mutating func addNorthArrow(_ element: NorthArrowElement) throws {
        let degrees = try Self.northRotation(inputs.frame)
        let size = element.size * ratio
        let n = label("N", element.text)
        let o = origin(element.placement, size: (size, size))
        let cx = o.x + size / 2, cy = o.y + size / 2
        let angle = degrees * .pi / 180
        func turned(_ x: Double, _ y: Double) -> (Double, Double) {
            (cx + x * cos(angle) - y * sin(angle), cy + x * sin(angle) + y * cos(angle))
        }
        let h = size * 0.42, w = size * 0.22
        var layer = SceneLayer(id: "north-arrow")
        let halves: [([(Double, Double)], Color)] = [
            ([(0, -h), (-w, h * 0.75), (0, h * 0.35)], element.color),
            ([(0, -h), (w, h * 0.75), (0, h * 0.35)], .white),
        ]
        for (points, color) in halves {
            let i = layer.paths.subpathCount
            layer.paths.addPolyline(points.map { turned($0.0, $0.1) }, closed: true)
            layer.commands.append(.fill(subpaths: i..<(i + 1), paint: FillPaint(color: color)))
            layer.commands.append(.stroke(subpaths: i..<(i + 1), paint: StrokePaint(color: element.color, width: 0.5 * ratio, join: .round)))
        }
        // The N sits beyond the tip, upright.
        let tip = turned(0, -h - n.height * 0.65)
        layer.commands.append(.label(n.moved(dx: tip.0 - n.width / 2, dy: tip.1 - n.height / 2)))
        scene.layers.append(layer)
    }
}
