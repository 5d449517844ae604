import Geometry
import Style

extension SceneBuilder {
    func addBackground(_ layer: Layer, to out: inout SceneLayer) {
        let ctx = paintContext(nil, 0)
        guard var color = layer.paint.color("background-color", ctx) else { return }
        color.a *= layer.paint.number("background-opacity", ctx)
        if color.a > 0 { out.commands.append(.background(color)) }
    }

    func addFills(_ layer: Layer, to out: inout SceneLayer) {
        guard let (source, rows) = visibleFeatures(layer, margin: 2) else { return }
        let table = source.table
        var geometry = PixelGeometry(transform: frame.transform, clip: clipBox(margin: 2))
        for row in sorted(rows, layer, key: "fill-sort-key", source) {
            let ctx = paintContext(source, row)
            guard var color = layer.paint.color("fill-color", ctx) else { continue }
            let opacity = layer.paint.number("fill-opacity", ctx)
            color.a *= opacity
            var outline = layer.paint.isSet("fill-outline-color") ? layer.paint.color("fill-outline-color", ctx) : nil
            outline?.a *= opacity
            guard color.a > 0 || (outline?.a ?? 0) > 0 else { continue }
            (geometry.dx, geometry.dy) = translation(layer.paint, "fill", ctx)
            let first = out.paths.subpathCount
            for p in table.parts(of: row) where table.partKinds[p] == .polygon {
                geometry.addPolygon(table, part: p, to: &out.paths)
            }
            let subpaths = first..<out.paths.subpathCount
            guard !subpaths.isEmpty else { continue }
            out.commands.append(.fill(subpaths: subpaths, paint: FillPaint(
                color: color, antialias: layer.paint.bool("fill-antialias", ctx), outline: outline)))
        }
    }

    func addLines(_ layer: Layer, to out: inout SceneLayer) {
        // Lines wider than the margin reach in from outside the view; 64 px covers most.
        guard let (source, rows) = visibleFeatures(layer, margin: 64) else { return }
        let table = source.table
        let ratio = frame.pixelRatio
        for row in sorted(rows, layer, key: "line-sort-key", source) {
            let ctx = paintContext(source, row)
            let lctx = layoutContext(source, row)
            guard var color = layer.paint.color("line-color", ctx) else { continue }
            color.a *= layer.paint.number("line-opacity", ctx)
            let width = layer.paint.number("line-width", ctx) * ratio
            guard color.a > 0, width > 0 else { continue }
            var dashes: [Double]?
            if let d = layer.paint.numbers("line-dasharray", ctx), !d.isEmpty, d.contains(where: { $0 > 0 }) {
                dashes = d.map { $0 * width }
            }
            let paint = StrokePaint(
                color: color, width: width,
                cap: LineCap(rawValue: layer.layout.string("line-cap", lctx) ?? "butt") ?? .butt,
                join: LineJoin(rawValue: layer.layout.string("line-join", lctx) ?? "miter") ?? .miter,
                miterLimit: layer.layout.number("line-miter-limit", lctx),
                dashes: dashes,
                blur: layer.paint.number("line-blur", ctx) * ratio)
            var geometry = PixelGeometry(transform: frame.transform, clip: clipBox(margin: width + 2))
            (geometry.dx, geometry.dy) = translation(layer.paint, "line", ctx)
            let first = out.paths.subpathCount
            for p in table.parts(of: row) where table.partKinds[p] != .point {
                for r in table.rings(of: p) { geometry.addLine(table, ring: r, to: &out.paths) }
            }
            let subpaths = first..<out.paths.subpathCount
            if !subpaths.isEmpty { out.commands.append(.stroke(subpaths: subpaths, paint: paint)) }
        }
    }

    func addCircles(_ layer: Layer, to out: inout SceneLayer) {
        guard let (source, rows) = visibleFeatures(layer, margin: 64) else { return }
        let table = source.table
        let ratio = frame.pixelRatio
        let width = Double(frame.pixelWidth), height = Double(frame.pixelHeight)
        for row in sorted(rows, layer, key: "circle-sort-key", source) {
            let ctx = paintContext(source, row)
            let opacity = layer.paint.number("circle-opacity", ctx)
            var color = layer.paint.color("circle-color", ctx) ?? .black
            color.a *= opacity
            var strokeColor = layer.paint.color("circle-stroke-color", ctx) ?? .black
            strokeColor.a *= layer.paint.number("circle-stroke-opacity", ctx)
            let paint = CirclePaint(radius: layer.paint.number("circle-radius", ctx) * ratio, color: color,
                                    blur: layer.paint.number("circle-blur", ctx),
                                    strokeWidth: layer.paint.number("circle-stroke-width", ctx) * ratio,
                                    strokeColor: strokeColor)
            let reach = paint.radius + paint.strokeWidth + 1
            var geometry = PixelGeometry(transform: frame.transform, clip: clipBox(margin: 0))
            (geometry.dx, geometry.dy) = translation(layer.paint, "circle", ctx)
            // MapLibre puts a circle on every vertex, whatever the geometry type.
            for i in table.pointRange(of: row) {
                let p = geometry.point(table, i)
                guard p.x > -reach, p.y > -reach, p.x < width + reach, p.y < height + reach else { continue }
                out.commands.append(.circle(x: p.x, y: p.y, paint: paint))
            }
        }
    }
}
