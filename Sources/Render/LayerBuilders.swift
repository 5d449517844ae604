#if canImport(Glibc)
import Glibc
#endif
import Geometry
import Style

extension SceneBuilder {
    func addBackground(_ layer: Layer, to out: inout SceneLayer) {
        if layer.paint.isSet("background-pattern") {
            addBackgroundPattern(layer, to: &out)
            return
        }
        let ctx = paintContext(nil, 0)
        guard var color = layer.paint.color("background-color", ctx) else { return }
        color.a *= layer.paint.number("background-opacity", ctx)
        if color.a > 0 { out.commands.append(.background(color)) }
    }

    func addFills(_ layer: Layer, to out: inout SceneLayer) {
        for copy in worldCopies { addFills(layer, copy, to: &out) }
    }

    private func addFills(_ layer: Layer, _ copy: WorldCopy, to out: inout SceneLayer) {
        if layer.paint.isSet("fill-pattern") { return addPatternFills(layer, copy, to: &out) }
        guard let (source, rows) = visibleFeatures(layer, margin: 2, copy: copy) else { return }
        let table = source.table
        var geometry = PixelGeometry(transform: copy.transform, clip: clipBox(margin: 2), tolerance: source.tolerance * frame.pixelRatio)
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
            // MapLibre fills whatever rings a feature has: a LineString is filled as the
            // ring it would close (points have no area and fill nothing). A tile's polygon
            // cut at the tile's edge carries its outline as line parts: those are not rings.
            let fillsLines = !table.hasSeparateOutline(row)
            for p in table.parts(of: row) where table.partKinds[p] == .polygon || (fillsLines && table.partKinds[p] == .line) {
                geometry.addPolygon(table, part: p, to: &out.paths)
            }
            let subpaths = first..<out.paths.subpathCount
            guard !subpaths.isEmpty else { continue }
            // A tile's polygon cut at the tile's edge: its outline is its line parts.
            let outlined = outline != nil && table.hasSeparateOutline(row)
            var paint = FillPaint(color: color, antialias: layer.paint.bool("fill-antialias", ctx), outline: outlined ? nil : outline)
            paint.piecewise = source.tiled
            out.commands.append(.fill(subpaths: subpaths, paint: paint))
            if outlined, let outline {
                let lines = out.paths.subpathCount
                for p in table.parts(of: row) where table.partKinds[p] == .line {
                    for r in table.rings(of: p) { geometry.addLine(table, ring: r, to: &out.paths) }
                }
                if out.paths.subpathCount > lines {
                    out.commands.append(.stroke(subpaths: lines..<out.paths.subpathCount,
                                                paint: StrokePaint(color: outline, width: frame.pixelRatio)))
                }
            }
        }
    }

    func addLines(_ layer: Layer, to out: inout SceneLayer) {
        for copy in worldCopies { addLines(layer, copy, to: &out) }
    }

    private func addLines(_ layer: Layer, _ copy: WorldCopy, to out: inout SceneLayer) {
        if layer.paint.isSet("line-pattern") { return addPatternLines(layer, copy, to: &out) }
        // Lines wider than the margin reach in from outside the view; 64 px covers most.
        guard let (source, rows) = visibleFeatures(layer, margin: 64, copy: copy) else { return }
        let table = source.table
        let ratio = frame.pixelRatio
        let gradient = layer.paint["line-gradient"]
        for row in sorted(rows, layer, key: "line-sort-key", source) {
            let ctx = paintContext(source, row)
            let lctx = layoutContext(source, row)
            guard var color = layer.paint.color("line-color", ctx) else { continue }
            let opacity = layer.paint.number("line-opacity", ctx)
            color.a *= opacity
            let width = layer.paint.number("line-width", ctx) * ratio
            guard color.a > 0 || gradient != nil, width > 0, opacity > 0 else { continue }
            // MapLibre sizes dashes by the line width at the tile's integer zoom, and the tile's
            // pattern then scales with the fractional part of the zoom.
            let tileScale = pow(2, frame.zoom - lctx.zoom)
            let dashUnit = layer.paint.number("line-width", lctx) * ratio * tileScale
            let dash = layer.paint.numbers("line-dasharray", ctx).flatMap { DashPattern(lineWidths: $0, width: dashUnit) }
            var paint = StrokePaint(
                color: color, width: width,
                cap: LineCap(rawValue: layer.layout.string("line-cap", lctx) ?? "butt") ?? .butt,
                join: LineJoin(rawValue: layer.layout.string("line-join", lctx) ?? "miter") ?? .miter,
                miterLimit: layer.layout.number("line-miter-limit", lctx),
                dashes: dash?.lengths, dashOffset: dash?.offset ?? 0,
                blur: layer.paint.number("line-blur", ctx) * ratio)
            // line-gap-width draws two lines, one each side of a gap; line-offset moves all.
            let offset = layer.paint.number("line-offset", ctx) * ratio
            let gap = layer.paint.number("line-gap-width", ctx) * ratio
            let offsets = gap > 0 ? [offset - (gap + width) / 2, offset + (gap + width) / 2] : [offset]
            let reach = width + abs(offset) + gap + paint.blur + 2
            var geometry = PixelGeometry(transform: copy.transform, clip: clipBox(margin: reach), tolerance: source.tolerance * frame.pixelRatio)
            (geometry.dx, geometry.dy) = translation(layer.paint, "line", ctx)
            geometry.miterLimit = paint.miterLimit
            geometry.dashPeriod = paint.dashes.map { $0.reduce(0, +) }
            // Lines cut from tiles come in pieces that meet end to end, at tile edges and
            // where ways split; MapLibre's butt ends are not antialiased, so no seam shows
            // there, and the raster output draws them so too.
            paint.piecewise = source.tiled
            paint.clip = tileClip(source, row, copy)
            if let gradient {
                paint.color.a = opacity
                let segments = gradientSegments(table, row, gradient, ctx, &geometry)
                if !segments.isEmpty { out.commands.append(.gradientLine(segments: segments, paint: paint)) }
                continue
            }
            let first = out.paths.subpathCount
            let outlined = table.hasSeparateOutline(row)
            for p in table.parts(of: row) where table.isStroked(part: p, of: row, outlined: outlined) {
                let isRing = table.partKinds[p] == .polygon
                for r in table.rings(of: p) {
                    geometry.addLine(table, ring: r, isRing: isRing, offsets: offsets, to: &out.paths)
                }
            }
            let subpaths = first..<out.paths.subpathCount
            if !subpaths.isEmpty { out.commands.append(.stroke(subpaths: subpaths, paint: paint)) }
        }
    }

    /// The segments of a `line-gradient` line, each with the gradient's colours sampled
    /// along it. Progress runs from 0 at the start of each line to 1 at its end.
    private func gradientSegments(_ table: FeatureTable, _ row: Int, _ gradient: PropertyValue,
                                  _ ctx: EvaluationContext, _ geometry: inout PixelGeometry) -> [GradientSegment] {
        var segments: [GradientSegment] = []
        var ctx = ctx
        for p in table.parts(of: row) where table.partKinds[p] == .line {
            for r in table.rings(of: p) {
                let pts = geometry.unclippedLine(table, ring: r)
                let n = pts.count / 2
                guard n >= 2 else { continue }
                var lengths = [0.0]
                for i in 1..<n { lengths.append(lengths[i - 1] + hypot(pts[2 * i] - pts[2 * i - 2], pts[2 * i + 1] - pts[2 * i - 1])) }
                let total = lengths[n - 1]
                guard total > 0 else { continue }
                for i in 0..<(n - 1) {
                    let a = lengths[i] / total, b = lengths[i + 1] / total
                    let pixels = lengths[i + 1] - lengths[i]
                    guard pixels > 0 else { continue }
                    let samples = max(2, min(64, Int(pixels / 4) + 2))
                    var stops: [(Double, Color)] = []
                    for k in 0..<samples {
                        let t = Double(k) / Double(samples - 1)
                        ctx.lineProgress = a + (b - a) * t
                        stops.append((t, gradient.evaluate(ctx)?.colorValue ?? .transparent))
                    }
                    segments.append(GradientSegment(x0: pts[2 * i], y0: pts[2 * i + 1], x1: pts[2 * i + 2], y1: pts[2 * i + 3], stops: stops))
                }
            }
        }
        return segments
    }

    func addCircles(_ layer: Layer, to out: inout SceneLayer) {
        for copy in worldCopies { addCircles(layer, copy, to: &out) }
    }

    private func addCircles(_ layer: Layer, _ copy: WorldCopy, to out: inout SceneLayer) {
        guard let (source, rows) = visibleFeatures(layer, margin: 64, copy: copy) else { return }
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
            var geometry = PixelGeometry(transform: copy.transform, clip: clipBox(margin: 0), tolerance: 0)
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
