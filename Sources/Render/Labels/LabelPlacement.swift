#if canImport(Glibc)
import Glibc
#endif
import Geometry
import Style

extension SceneBuilder {
    /// Places the labels of every symbol layer, top layer first (MapLibre gives symbols in
    /// higher layers priority), each label tested against all placed before it.
    func placeLabels() -> [String: [PlacedLabel]] {
        var collisions = CollisionIndex(width: Double(frame.pixelWidth), height: Double(frame.pixelHeight))
        var placed: [String: [PlacedLabel]] = [:]
        for layer in style.layers.reversed() where layer.type == .symbol && layer.isShown(atZoom: frame.zoom) {
            placed[layer.id] = placeLabels(of: layer, collisions: &collisions)
        }
        return placed
    }

    private func placeLabels(of layer: Layer, collisions: inout CollisionIndex) -> [PlacedLabel] {
        var labels: [PlacedLabel] = []
        for copy in worldCopies { placeLabels(of: layer, copy, collisions: &collisions, into: &labels) }
        return labels
    }

    private func placeLabels(of layer: Layer, _ copy: WorldCopy, collisions: inout CollisionIndex, into labels: inout [PlacedLabel]) {
        guard let (source, rows) = visibleFeatures(layer, margin: 256, copy: copy) else { return }
        let shaper = TextShaper.current
        let table = source.table
        let ratio = frame.pixelRatio
        let transform = copy.transform
        for row in sorted(rows, layer, key: "symbol-sort-key", source) {
            let ctx = paintContext(source, row)
            let lctx = layoutContext(source, row)
            guard var text = labelText(layer, lctx, source, row), !text.isEmpty else { continue }
            switch layer.layout.string("text-transform", lctx) {
            case "uppercase": text = text.uppercased()
            case "lowercase": text = text.lowercased()
            default: break
            }
            let size = layer.layout.number("text-size", lctx) * ratio
            guard size > 0 else { continue }
            let fontNames = layer.layout.value("text-font", lctx)?.arrayValue?.map(\.text) ?? ["Open Sans Regular"]
            let font = FontStack(fontNames).description(size: size)
            let maxWidth = layer.layout.number("text-max-width", lctx)
            let lineHeight = layer.layout.number("text-line-height", lctx)
            let letterSpacing = layer.layout.number("text-letter-spacing", lctx) * size
            let anchor = layer.layout.string("text-anchor", lctx) ?? "center"
            let alignment = justification(layer.layout.string("text-justify", lctx) ?? "center", anchor: anchor)
            let wrapWidth = maxWidth > 0 ? maxWidth * size : nil
            let measured = shaper.measure(text: text, font: font, wrapWidth: wrapWidth, alignment: alignment,
                                          lineSpacing: lineHeight, letterSpacing: letterSpacing)
            let offset = layer.layout.numbers("text-offset", lctx) ?? [0, 0]
            let padding = layer.layout.number("text-padding", lctx) * ratio
            let allowOverlap = layer.layout.bool("text-allow-overlap", lctx)
            let ignorePlacement = layer.layout.bool("text-ignore-placement", lctx)
            let avoidEdges = layer.layout.bool("symbol-avoid-edges", lctx)
            var color = layer.paint.color("text-color", ctx) ?? .black
            let opacity = layer.paint.number("text-opacity", ctx)
            color.a *= opacity
            var halo = layer.paint.color("text-halo-color", ctx) ?? .transparent
            halo.a *= opacity
            let haloWidth = layer.paint.number("text-halo-width", ctx) * ratio
            let (tdx, tdy) = translation(layer.paint, "text", ctx)

            for (ax, ay) in anchorPoints(table, row, transform: transform) {
                let (dx, dy) = anchorOffset(anchor, width: measured.width, height: measured.height)
                let x = ax + dx + offset[0] * size + tdx
                let y = ay + dy + (offset.count > 1 ? offset[1] : 0) * size + tdy
                let box = Box(minX: x, minY: y, maxX: x + measured.width, maxY: y + measured.height)
                if avoidEdges && !Box(minX: 0, minY: 0, maxX: Double(frame.pixelWidth), maxY: Double(frame.pixelHeight)).contains(box) {
                    continue
                }
                let padded = box.expanded(by: padding)
                if !allowOverlap && !collisions.isFree(padded) { continue }
                if !ignorePlacement { collisions.insert(padded) }
                labels.append(PlacedLabel(text: text, width: measured.width, height: measured.height, font: font,
                                          originX: x, originY: y, color: color, haloColor: halo,
                                          haloWidth: haloWidth, wrapWidth: wrapWidth, alignment: alignment,
                                          lineSpacing: lineHeight, letterSpacing: letterSpacing))
            }
        }
    }

    /// The label text: `text-field` evaluated, with `{token}` references in a plain string
    /// replaced by feature properties, as MapLibre does.
    func labelText(_ layer: Layer, _ ctx: EvaluationContext, _ source: RenderSource, _ row: Int) -> String? {
        guard let value = layer.layout.value("text-field", ctx) else { return nil }
        let text: String
        switch value {
        case .formatted(let f): text = f.plainText
        default: text = value.text
        }
        guard layer.layout["text-field"]?.constant != nil, text.contains("{") else { return text }
        var out = ""
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            out += rest[..<open]
            let key = String(rest[rest.index(after: open)..<close])
            if let v = source.table.properties.value(key, row: row) { out += Value(v).text }
            rest = rest[rest.index(after: close)...]
        }
        return out + rest
    }

    /// Where labels of a feature go, in device pixels: each point; a polygon's pole of
    /// inaccessibility; the middle of each line.
    func anchorPoints(_ table: FeatureTable, _ row: Int, transform: PixelTransform) -> [(Double, Double)] {
        var anchors: [(Double, Double)] = []
        for p in table.parts(of: row) {
            switch table.partKinds[p] {
            case .point:
                for r in table.rings(of: p) {
                    for i in table.points(of: r) { anchors.append(transform.apply(table.x(i), table.y(i))) }
                }
            case .polygon:
                let rings = table.rings(of: p).map { r in
                    table.points(of: r).flatMap { i -> [Double] in
                        let q = transform.apply(table.x(i), table.y(i))
                        return [q.x, q.y]
                    }
                }
                let pole = LabelPoint.poleOfInaccessibility(rings: rings, precision: 1)
                anchors.append((pole.x, pole.y))
            case .line:
                let points = table.points(of: table.rings(of: p).lowerBound).map { transform.apply(table.x($0), table.y($0)) }
                if let mid = midpoint(points) { anchors.append(mid) }
            }
        }
        return anchors
    }

    private func midpoint(_ points: [(x: Double, y: Double)]) -> (Double, Double)? {
        guard points.count >= 2 else { return points.first.map { ($0.x, $0.y) } }
        var total = 0.0
        for i in 1..<points.count { total += hypot(points[i].x - points[i - 1].x, points[i].y - points[i - 1].y) }
        var remaining = total / 2
        for i in 1..<points.count {
            let d = hypot(points[i].x - points[i - 1].x, points[i].y - points[i - 1].y)
            if d >= remaining, d > 0 {
                let t = remaining / d
                return (points[i - 1].x + t * (points[i].x - points[i - 1].x), points[i - 1].y + t * (points[i].y - points[i - 1].y))
            }
            remaining -= d
        }
        return (points[points.count - 1].x, points[points.count - 1].y)
    }

    /// Offset from the anchor point to the top-left of a box of the given size.
    func anchorOffset(_ anchor: String, width: Double, height: Double) -> (Double, Double) {
        let dx: Double = anchor.hasSuffix("left") ? 0 : anchor.hasSuffix("right") ? -width : -width / 2
        let dy: Double = anchor.hasPrefix("top") ? 0 : anchor.hasPrefix("bottom") ? -height : -height / 2
        return (dx, dy)
    }

    func justification(_ justify: String, anchor: String) -> TextAlignment {
        switch justify {
        case "left": .left
        case "right": .right
        case "auto": anchor.hasSuffix("left") ? .left : anchor.hasSuffix("right") ? .right : .center
        default: .center
        }
    }
}
