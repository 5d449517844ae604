#if canImport(Glibc)
import Glibc
#endif
import Geometry
import Style

extension SceneBuilder {
    /// The pattern paint for `image`, aligned as MapLibre aligns patterns: to the world's
    /// pixels at the integer zoom (one world pixel there is `pixelRatio` image pixels),
    /// scaled by the fractional zoom and turned with the map. Maps in other CRSs align to
    /// the CRS's origin.
    func patternPaint(_ image: IconImage, opacity: Double, antialias: Bool, translate: (Double, Double) = (0, 0)) -> PatternPaint {
        let t = frame.transform
        let mercator = frame.crs.identifier == "EPSG:3857"
        let half = Double.pi * 6378137
        let origin = mercator ? t.apply(-half, half) : t.apply(0, 0)
        // Device pixels per image pixel.
        let scale = frame.pixelRatio / image.pixelRatio * pow(2, frame.zoom - floor(frame.zoom))
        let lx = (t.a * t.a + t.c * t.c).squareRoot(), ly = (t.b * t.b + t.d * t.d).squareRoot()
        // Image x runs with map x, image y against map y (north up, rows down).
        let a = t.a / lx * scale, b = t.c / lx * scale
        let c = -t.b / ly * scale, d = -t.d / ly * scale
        var paint = PatternPaint(image: image, a: a, b: b, c: c, d: d, ox: origin.x + translate.0, oy: origin.y + translate.1,
                                 opacity: opacity, antialias: antialias)
        // Bring the origin near the image by whole repeats, so that coordinates stay small.
        let det = a * d - b * c
        guard det != 0 else { return paint }
        let u = (d * -paint.ox - c * -paint.oy) / det, v = (-b * -paint.ox + a * -paint.oy) / det
        let ku = (u / Double(image.width)).rounded(.down) * Double(image.width)
        let kv = (v / Double(image.height)).rounded(.down) * Double(image.height)
        paint.ox += a * ku + c * kv
        paint.oy += b * ku + d * kv
        return paint
    }

    /// `background-pattern`: the image repeated over the whole map.
    func addBackgroundPattern(_ layer: Layer, to out: inout SceneLayer) {
        let ctx = paintContext(nil, 0)
        guard let name = imageName(layer.paint.value("background-pattern", ctx)), let image = icons[name] else { return }
        let opacity = layer.paint.number("background-opacity", ctx)
        guard opacity > 0 else { return }
        let first = out.paths.subpathCount
        out.paths.addRectangle(Box(minX: 0, minY: 0, maxX: Double(frame.pixelWidth), maxY: Double(frame.pixelHeight)))
        out.commands.append(.patternFill(subpaths: first..<(first + 1), paint: patternPaint(image, opacity: opacity, antialias: false)))
    }

    /// The image name a `*-pattern` value gives.
    func imageName(_ value: Value?) -> String? {
        switch value {
        case .image(let name)?: name
        case .string(let name)?: name
        default: nil
        }
    }

    /// `fill-pattern` fills: each feature's image repeated over its polygons; a feature
    /// whose image the sprite lacks is not drawn, as in MapLibre.
    func addPatternFills(_ layer: Layer, _ copy: WorldCopy, to out: inout SceneLayer) {
        guard let (source, rows) = visibleFeatures(layer, margin: 2, copy: copy) else { return }
        let table = source.table
        var geometry = PixelGeometry(transform: copy.transform, clip: clipBox(margin: 2), tolerance: source.tolerance * frame.pixelRatio)
        for row in sorted(rows, layer, key: "fill-sort-key", source) {
            let ctx = paintContext(source, row)
            guard let name = imageName(layer.paint.value("fill-pattern", ctx)), let image = icons[name] else { continue }
            let opacity = layer.paint.number("fill-opacity", ctx)
            guard opacity > 0 else { continue }
            let translate = translation(layer.paint, "fill", ctx)
            (geometry.dx, geometry.dy) = translate
            let first = out.paths.subpathCount
            for p in table.parts(of: row) where table.partKinds[p] == .polygon {
                geometry.addPolygon(table, part: p, to: &out.paths)
            }
            let subpaths = first..<out.paths.subpathCount
            guard !subpaths.isEmpty else { continue }
            var paint = patternPaint(image, opacity: opacity, antialias: layer.paint.bool("fill-antialias", ctx))
            // The pattern moves with the copy of the world it fills.
            let shift = copy.transform.apply(0, 0), base = frame.transform.apply(0, 0)
            paint = paint.moved(dx: shift.x - base.x + translate.0, dy: shift.y - base.y + translate.1)
            out.commands.append(.patternFill(subpaths: subpaths, paint: paint))
        }
    }

    /// The images a layer's constant patterns name that the sprite lacks, for the warning.
    func missingPatternImages(_ layer: Layer) -> [String] {
        ["background-pattern", "fill-pattern", "line-pattern"].compactMap { property in
            guard let name = imageName(layer.paint[property]?.constant), !name.isEmpty, icons[name] == nil else { return nil }
            return name
        }
    }
}

extension SceneBuilder {
    /// `line-pattern` lines, as MapLibre draws them: the image at its own size, centred
    /// across the line (a line narrower than the image shows its middle rows), repeated
    /// along the line from its start. Each segment is a rectangle filled with the image
    /// turned along it.
    func addPatternLines(_ layer: Layer, _ copy: WorldCopy, to out: inout SceneLayer) {
        guard let (source, rows) = visibleFeatures(layer, margin: 64, copy: copy) else { return }
        let table = source.table
        let ratio = frame.pixelRatio
        for row in sorted(rows, layer, key: "line-sort-key", source) {
            let ctx = paintContext(source, row)
            guard let name = imageName(layer.paint.value("line-pattern", ctx)), let image = icons[name] else { continue }
            let opacity = layer.paint.number("line-opacity", ctx)
            let width = layer.paint.number("line-width", ctx) * ratio
            guard opacity > 0, width > 0 else { continue }
            var geometry = PixelGeometry(transform: copy.transform, clip: clipBox(margin: width + 2), tolerance: 0)
            (geometry.dx, geometry.dy) = translation(layer.paint, "line", ctx)
            // Device pixels per image pixel.
            let k = ratio / image.pixelRatio
            let clip = tileClip(source, row, copy).map(\.bounds)
            for p in table.parts(of: row) where table.partKinds[p] != .point {
                for r in table.rings(of: p) {
                    let pts = geometry.unclippedLine(table, ring: r)
                    var along = 0.0
                    let last = pts.count / 2 - 2
                    for i in stride(from: 0, to: pts.count / 2 - 1, by: 1) {
                        let x0 = pts[2 * i], y0 = pts[2 * i + 1], x1 = pts[2 * i + 2], y1 = pts[2 * i + 3]
                        let length = hypot(x1 - x0, y1 - y0)
                        guard length > 0 else { continue }
                        let ux = (x1 - x0) / length, uy = (y1 - y0) / length
                        // MapLibre's butt ends are not antialiased (only the sides are): the
                        // ends of a level or upright line are moved to the pixel edges that
                        // take in the pixels whose centres the line covers.
                        var (sx0, sy0, sx1, sy1) = (x0, y0, x1, y1)
                        // A tile's line keeps its buffer: only what is inside the tile's
                        // square is drawn (the pattern still counts from the line's start).
                        if let r = clip {
                            guard let (t0, t1) = Self.inside(r, x0, y0, x1, y1) else {
                                along += length
                                continue
                            }
                            (sx0, sy0, sx1, sy1) = (x0 + t0 * (x1 - x0), y0 + t0 * (y1 - y0), x0 + t1 * (x1 - x0), y0 + t1 * (y1 - y0))
                        }
                        if uy == 0 || ux == 0 {
                            func snapStart(_ v: Double, _ dir: Double) -> Double {
                                dir > 0 ? (v - 0.5).rounded(.up) : (v - 0.5).rounded(.down) + 1
                            }
                            func snapEnd(_ v: Double, _ dir: Double) -> Double {
                                dir > 0 ? (v - 0.5).rounded(.down) + 1 : (v - 0.5).rounded(.up)
                            }
                            if uy == 0 {
                                if i == 0 { sx0 = snapStart(x0, ux) }
                                if i == last { sx1 = snapEnd(x1, ux) }
                            } else {
                                if i == 0 { sy0 = snapStart(y0, uy) }
                                if i == last { sy1 = snapEnd(y1, uy) }
                            }
                        }
                        let nx = -uy, ny = ux
                        let h = width / 2
                        let first = out.paths.subpathCount
                        out.paths.points += [sx0 + nx * h, sy0 + ny * h, sx1 + nx * h, sy1 + ny * h,
                                             sx1 - nx * h, sy1 - ny * h, sx0 - nx * h, sy0 - ny * h]
                        out.paths.endSubpath(closed: true)
                        // Image (u, v) → device: u along the line from its start, v across
                        // it, the image's middle row on the line. MapLibre's rows run
                        // toward the line's left (its `v_normal.y` is 1 on the "up" side),
                        // so a line drawn eastward shows its pattern upside down.
                        let half = Double(image.height) / 2 * k
                        let ox = x0 - along * ux + half * nx, oy = y0 - along * uy + half * ny
                        var paint = PatternPaint(image: image, a: ux * k, b: uy * k, c: -nx * k, d: -ny * k, ox: ox, oy: oy,
                                                 opacity: opacity, antialias: true)
                        paint.smooth = true
                        out.commands.append(.patternFill(subpaths: first..<(first + 1), paint: paint))
                        along += length
                    }
                }
            }
        }
    }

    /// The part [t0, t1] of segment (x0, y0)→(x1, y1) inside `box` (Liang–Barsky), or nil.
    static func inside(_ box: Box, _ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double) -> (Double, Double)? {
        var t0 = 0.0, t1 = 1.0
        let dx = x1 - x0, dy = y1 - y0
        for (p, q) in [(-dx, x0 - box.minX), (dx, box.maxX - x0), (-dy, y0 - box.minY), (dy, box.maxY - y0)] {
            if p == 0 {
                if q < 0 { return nil }
            } else {
                let r = q / p
                if p < 0 { t0 = max(t0, r) } else { t1 = min(t1, r) }
            }
        }
        return t0 < t1 ? (t0, t1) : nil
    }
}
