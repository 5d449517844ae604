import Geometry
import JSON
import Render
import Style

/// One row of a legend: a title and how to draw its swatch.
struct LegendEntry {
    enum Swatch {
        case fill(FillPaint)
        /// Casing first, then the line.
        case line([StrokePaint])
        case circle(CirclePaint)
        /// A symbol layer's icons as the map draws them, side by side.
        case icons([PlacedIcon])
    }
    var title: String
    var swatch: Swatch
}

/// Legend entries derived from the style: one per layer with a `cartouche:legend` title
/// that draws something in the frame, drawn with the layer's own paint; a layer whose
/// colour is a `match` or `step` on a property gets one entry per category present in the
/// frame instead. A line layer just below with the same source and no title of its own is
/// its casing and is drawn under its samples.
enum LegendBuilder {
    static func entries(style: Style, map: Scene, frame: MapFrame, sources: [String: RenderSource], only: [String]?,
                        pixelRatio: Double) -> [LegendEntry] {
        let drawn = Set(map.layers.filter { !$0.commands.isEmpty }.map(\.id))
        var entries: [LegendEntry] = []
        let layers = style.layers
        let wanted = only.map { ids in ids.compactMap { id in layers.firstIndex { $0.id == id } } }
            ?? layers.indices.filter { layers[$0].metadata["cartouche:legend"]?.stringValue != nil }.reversed()
        for i in wanted {
            let layer = layers[i]
            guard drawn.contains(layer.id), layer.type != .background else { continue }
            let title = layer.metadata["cartouche:legend"]?.stringValue ?? layer.id
            if layer.type == .symbol {
                entries += iconEntries(layer, title: title, map: map)
                continue
            }
            let casing = i > 0 && layers[i - 1].type == .line && layer.type == .line && layers[i - 1].sourceKey == layer.sourceKey
                && layers[i - 1].metadata["cartouche:legend"] == nil ? layers[i - 1] : nil
            let samples = representatives(layer, frame: frame, sources: sources)
            if samples.count > 1 {
                for (category, ctx) in samples {
                    entries.append(LegendEntry(title: label(for: category, layer), swatch: swatch(layer, casing, ctx, pixelRatio)))
                }
            } else {
                let ctx = samples.first?.1 ?? EvaluationContext(zoom: frame.zoom)
                entries.append(LegendEntry(title: title, swatch: swatch(layer, casing, ctx, pixelRatio)))
            }
        }
        return entries
    }

    /// A symbol layer's entries: none when it draws no icon; one per image when
    /// `cartouche:legend-labels` names the images, else one with up to three of them.
    static func iconEntries(_ layer: Layer, title: String, map: Scene) -> [LegendEntry] {
        var icons: [PlacedIcon] = []
        var seen = Set<String>()
        for sceneLayer in map.layers where sceneLayer.id == layer.id {
            for case .icon(let icon) in sceneLayer.commands where seen.insert(icon.image.name).inserted {
                icons.append(icon)
            }
        }
        guard !icons.isEmpty else { return [] }
        // By name, so that the swatch does not change with what the frame happens to show first.
        icons.sort { $0.image.name < $1.image.name }
        if let names = layer.metadata["cartouche:legend-labels"]?.objectValue {
            let named = icons.compactMap { icon in names[icon.image.name]?.stringValue.map { LegendEntry(title: $0, swatch: .icons([icon])) } }
            if !named.isEmpty { return named }
        }
        return [LegendEntry(title: title, swatch: .icons(Array(icons.prefix(3))))]
    }

    /// The property a layer's colour is categorised by (`["match", ["get", key], ...]` or
    /// `["step", ["get", key], ...]`), if any.
    static func categoryKey(_ layer: Layer) -> (key: String, expression: StyleExpression)? {
        let colour = ["fill": "fill-color", "line": "line-color", "circle": "circle-color"][layer.type.rawValue]
        guard let name = colour, let property = layer.paint[name] else { return nil }
        let e = property.expression
        guard e is Match || e is Step, let input = e.children.first as? GetProperty else { return nil }
        return (input.key.name, e)
    }

    /// One evaluation context per category present in the frame, in the expression's
    /// order (a single context without categories).
    static func representatives(_ layer: Layer, frame: MapFrame, sources: [String: RenderSource]) -> [(JSONValue, EvaluationContext)] {
        guard let sourceKey = layer.sourceKey, let source = sources[sourceKey] else { return [] }
        let key = categoryKey(layer)
        var seen: [JSONValue: EvaluationContext] = [:]
        var order: [JSONValue] = []
        for row in source.features(in: frame.mapBounds()) {
            let ctx = EvaluationContext(zoom: frame.zoom, feature: FeatureReference(source.properties, row: row))
            guard layer.accepts(ctx) else { continue }
            let value = key.flatMap { source.table.properties.value($0.key, row: row) } ?? .null
            let category = key.map { categoryOf(value, $0.expression) } ?? .null
            if seen[category] == nil {
                seen[category] = ctx
                order.append(category)
            }
        }
        guard key != nil else { return order.first.map { [($0, seen[$0]!)] } ?? [] }
        return sortedCategories(order, key!.expression).map { ($0, seen[$0]!) }
    }

    /// The category a value falls in: the `match` branch it takes (labels sharing an
    /// output are one category, named by all of them), or the `step` range it is in, given
    /// as its lower stop.
    static func categoryOf(_ value: JSONValue, _ e: StyleExpression) -> JSONValue {
        if let step = e as? Step, case .number(let n) = value {
            let lower = step.stops.last(where: { $0 <= n }) ?? -.infinity
            return .number(lower)
        }
        if let match = e as? Match {
            guard let branch = match.branch(for: value) else { return .null }
            return .array(match.branchLabels[branch])
        }
        return value
    }

    /// Categories in the expression's order: match branches as written, steps ascending.
    static func sortedCategories(_ values: [JSONValue], _ e: StyleExpression) -> [JSONValue] {
        if e is Step { return values.sorted { ($0.numberValue ?? -.infinity) < ($1.numberValue ?? -.infinity) } }
        if let match = e as? Match {
            func rank(_ v: JSONValue) -> Int {
                guard case .array(let labels) = v, let first = labels.first, let b = match.branch(for: first) else { return .max }
                return b
            }
            return values.sorted { rank($0) < rank($1) }
        }
        return values
    }

    /// A category's text: `metadata."cartouche:legend-labels"` if it names it, else the value
    /// (a step range as "10–100").
    static func label(for category: JSONValue, _ layer: Layer) -> String {
        if case .array(let labels) = category {
            return labels.map { label(for: $0, layer) }.joined(separator: " / ")
        }
        if category == .null {
            // Features taking the expression's fallback.
            return layer.metadata["cartouche:legend-labels"]?["*"]?.stringValue ?? "其他 Other"
        }
        let text = category.stringValue ?? category.numberValue.map { formatJSONNumber($0) } ?? "—"
        if let names = layer.metadata["cartouche:legend-labels"]?.objectValue, let name = names[text]?.stringValue { return name }
        if let step = categoryKey(layer)?.expression as? Step, case .number(let lower) = category {
            let upper = step.stops.first(where: { $0 > lower })
            if lower == -.infinity { return upper.map { "< \(formatJSONNumber($0))" } ?? text }
            return upper.map { "\(formatJSONNumber(lower))–\(formatJSONNumber($0))" } ?? "≥ \(formatJSONNumber(lower))"
        }
        return text
    }

    static func swatch(_ layer: Layer, _ casing: Layer?, _ ctx: EvaluationContext, _ ratio: Double) -> LegendEntry.Swatch {
        let p = layer.paint
        switch layer.type {
        case .fill:
            var color = p.color("fill-color", ctx) ?? .black
            let opacity = p.number("fill-opacity", ctx)
            color.a *= opacity
            var outline = p.isSet("fill-outline-color") ? p.color("fill-outline-color", ctx) : nil
            outline?.a *= opacity
            return .fill(FillPaint(color: color, outline: outline))
        case .circle:
            var color = p.color("circle-color", ctx) ?? .black
            color.a *= p.number("circle-opacity", ctx)
            var stroke = p.color("circle-stroke-color", ctx) ?? .black
            stroke.a *= p.number("circle-stroke-opacity", ctx)
            return .circle(CirclePaint(radius: p.number("circle-radius", ctx) * ratio, color: color,
                                       strokeWidth: p.number("circle-stroke-width", ctx) * ratio, strokeColor: stroke))
        default:
            var strokes: [StrokePaint] = []
            for l in [casing, layer].compactMap({ $0 }) {
                var color = l.paint.color("line-color", ctx) ?? .black
                color.a *= l.paint.number("line-opacity", ctx)
                let width = l.paint.number("line-width", ctx) * ratio
                let dashes = l.paint.numbers("line-dasharray", ctx).map { $0.map { $0 * width } }
                strokes.append(StrokePaint(color: color, width: width, cap: .butt, join: .round, dashes: dashes))
            }
            return .line(strokes)
        }
    }
}

extension PageCanvas {
    mutating func addLegend(_ legend: LegendElement) {
        let entries = LegendBuilder.entries(style: inputs.style, map: inputs.map, frame: inputs.frame, sources: inputs.sources,
                                            only: legend.layers, pixelRatio: ratio)
        guard !entries.isEmpty else { return }
        let pad = legend.padding * ratio, gap = 2 * ratio * 96 / 25.4
        let sw = legend.swatch.width * ratio, sh = legend.swatch.height * ratio
        var title: PlacedLabel?
        if let t = legend.title {
            var settings = legend.text
            settings.size *= 1.15
            settings.font = settings.font.map { $0.hasSuffix(" Regular") ? String($0.dropLast(8)) + " Bold" : $0 }
            title = label(t, settings)
        }
        let rows = entries.map { label($0.title, legend.text) }
        let rowHeight = max(sh, rows.map(\.height).max() ?? 0) + 0.8 * gap
        let width = max(title?.width ?? 0, sw + gap + (rows.map(\.width).max() ?? 0)) + 2 * pad
        let height = pad * 2 + (title.map { $0.height + 0.6 * gap } ?? 0) + rowHeight * Double(rows.count) - 0.8 * gap
        let o = origin(legend.placement, size: (width, height))
        let box = Box(minX: o.x, minY: o.y, maxX: o.x + width, maxY: o.y + height)
        var layer = SceneLayer(id: "legend")
        if let bg = legend.background {
            layer.paths.addRectangle(box)
            layer.commands.append(.fill(subpaths: 0..<1, paint: FillPaint(color: bg, antialias: false)))
        }
        if let border = legend.border {
            let i = layer.paths.subpathCount
            layer.paths.addRectangle(box)
            layer.commands.append(.stroke(subpaths: i..<(i + 1), paint: StrokePaint(color: border.color, width: border.width * ratio)))
        }
        // Icons go under their layer's other commands (as a symbol layer's icons go under
        // its text), so they are a layer of their own above the legend's background.
        var iconLayer = SceneLayer(id: "legend-icons")
        var y = box.minY + pad
        if let title {
            layer.commands.append(.label(title.moved(dx: box.minX + pad, dy: y)))
            y += title.height + 0.6 * gap
        }
        for (entry, text) in zip(entries, rows) {
            let cy = y + (rowHeight - 0.8 * gap) / 2
            let sx = box.minX + pad
            switch entry.swatch {
            case .fill(let paint):
                let i = layer.paths.subpathCount
                layer.paths.addRectangle(Box(minX: sx, minY: cy - sh / 2, maxX: sx + sw, maxY: cy + sh / 2))
                var p = paint
                if p.outline == nil { p.outline = Color(r: 0.45, g: 0.45, b: 0.45, a: 0.6) }
                layer.commands.append(.fill(subpaths: i..<(i + 1), paint: p))
            case .line(let strokes):
                for s in strokes {
                    let i = layer.paths.subpathCount
                    layer.paths.addPolyline([(sx, cy), (sx + sw, cy)], closed: false)
                    layer.commands.append(.stroke(subpaths: i..<(i + 1), paint: s))
                }
            case .circle(var paint):
                let outer = paint.radius + paint.strokeWidth
                if outer > sh / 2 {
                    let k = sh / 2 / outer
                    paint.radius *= k
                    paint.strokeWidth *= k
                }
                layer.commands.append(.circle(x: sx + sw / 2, y: cy, paint: paint))
            case .icons(let icons):
                // Each icon in its share of the swatch, at most its size on the map.
                let share = sw / Double(icons.count)
                for (k, icon) in icons.enumerated() {
                    let x0 = sx + share * Double(k)
                    let cell = Box(minX: x0, minY: cy - sh / 2, maxX: x0 + share, maxY: cy + sh / 2)
                    iconLayer.commands.append(.icon(icon.fitted(in: cell, maxScale: ratio)))
                }
            }
            layer.commands.append(.label(text.moved(dx: sx + sw + gap, dy: cy - text.height / 2)))
            y += rowHeight
        }
        scene.layers.append(layer)
        if !iconLayer.commands.isEmpty { scene.layers.append(iconLayer) }
    }
}
