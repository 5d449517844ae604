import Geometry
import Projection
import Render
import Style

extension PageCanvas {
    /// A small locator map in its own box, with the main map's frame drawn on it: the
    /// frame's edges taken back to longitude/latitude and into the inset's CRS, so it stays
    /// true when the two maps use different projections.
    mutating func addInset(_ element: InsetElement, _ inset: Scene, _ insetFrame: MapFrame) throws {
        let size = (width: element.width * ratio, height: element.height * ratio)
        let o = origin(element.placement, size: size)
        let box = Box(minX: o.x, minY: o.y, maxX: o.x + size.width, maxY: o.y + size.height)
        for layer in inset.layers {
            var placed = layer.placed(dx: o.x, dy: o.y, clip: box)
            placed.id = "inset-" + layer.id
            scene.layers.append(placed)
        }
        // The main frame's outline, sampled along its edges.
        let main = inputs.frame
        let back = main.transform.inverted
        let w = Double(main.pixelWidth), h = Double(main.pixelHeight)
        var edge: [(Double, Double)] = []
        for i in 0..<32 { edge.append((w * Double(i) / 32, 0)) }
        for i in 0..<32 { edge.append((w, h * Double(i) / 32)) }
        for i in 0..<32 { edge.append((w - w * Double(i) / 32, h)) }
        for i in 0..<32 { edge.append((0, h - h * Double(i) / 32)) }
        let toLonLat = try Transformer(from: .wgs84, to: main.crs)
        let toInset = try Transformer(from: .wgs84, to: insetFrame.crs)
        let outline: [(Double, Double)] = edge.compactMap { px in
            let m = back.apply(px.0, px.1)
            guard let ll = toLonLat.inverse(x: m.x, y: m.y), let p = toInset.transform(x: ll.x, y: ll.y) else { return nil }
            let q = insetFrame.transform.apply(p.x, p.y)
            return (q.x + o.x, q.y + o.y)
        }
        var marks = SceneLayer(id: "inset-frame")
        marks.clip = box
        if outline.count >= 3 {
            marks.paths.addPolyline(outline, closed: true)
            var fill = element.frameColor
            fill.a = 0.12
            marks.commands.append(.fill(subpaths: 0..<1, paint: FillPaint(color: fill)))
            marks.commands.append(.stroke(subpaths: 0..<1, paint: StrokePaint(color: element.frameColor, width: 1.2 * ratio, join: .miter)))
        }
        scene.layers.append(marks)
        if let border = element.border { addBorder(box, border, id: "inset-border") }
    }
}
