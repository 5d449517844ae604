#if canImport(Glibc)
import Glibc
#endif
import Geometry
import JSON
import Style

/// Builds the `Scene` for a style, its sources and a frame: for each layer in style order it
/// queries the source's index for the view, filters, evaluates paint and layout per feature,
/// and emits draw commands in device pixels. Labels are placed first, over the whole map,
/// top layer first, so that collisions resolve in MapLibre's priority order.
public struct SceneBuilder {
    public let style: Style
    public let sources: [String: RenderSource]
    public let frame: MapFrame
    /// Values for `["global-state", name]` (the atlas puts the current feature here).
    public var globalState: JSONObject

    public init(style: Style, sources: [String: RenderSource], frame: MapFrame, globalState: JSONObject = JSONObject()) {
        self.style = style
        self.sources = sources
        self.frame = frame
        self.globalState = globalState
    }

    public func build() -> Scene {
        var scene = Scene(width: frame.pixelWidth, height: frame.pixelHeight, pixelRatio: frame.pixelRatio)
        let labels = placeLabels()
        for layer in style.layers where layer.isShown(atZoom: frame.zoom) {
            var out = SceneLayer(id: layer.id)
            switch layer.type {
            case .background: addBackground(layer, to: &out)
            case .fill: addFills(layer, to: &out)
            case .line: addLines(layer, to: &out)
            case .circle: addCircles(layer, to: &out)
            case .symbol: out.commands = labels[layer.id, default: []].map { .label($0) }
            }
            if !out.commands.isEmpty { scene.layers.append(out) }
        }
        return scene
    }

    // MARK: Shared helpers

    /// Paint properties are evaluated at the camera zoom.
    func paintContext(_ source: RenderSource?, _ row: Int) -> EvaluationContext {
        var ctx = EvaluationContext(zoom: frame.zoom, globalState: globalState)
        if let source { ctx.feature = FeatureReference(source.properties, row: row) }
        return ctx
    }

    /// Layout properties are evaluated at the integer zoom, as MapLibre does per tile.
    func layoutContext(_ source: RenderSource?, _ row: Int) -> EvaluationContext {
        var ctx = paintContext(source, row)
        ctx.zoom = floor(frame.zoom)
        return ctx
    }

    /// The features of a layer's source that may show in the image, after the layer's
    /// filter, in source order. `margin` is in CSS pixels (wide lines, big circles).
    func visibleFeatures(_ layer: Layer, margin: Double) -> (RenderSource, [Int])? {
        guard let id = layer.source, let source = sources[id] else { return nil }
        let candidates = source.features(in: frame.mapBounds(margin: margin))
        var ctx = EvaluationContext(zoom: frame.zoom, globalState: globalState)
        let rows = candidates.filter { row in
            ctx.feature = FeatureReference(source.properties, row: row)
            return layer.accepts(ctx)
        }
        return (source, rows)
    }

    /// Device-pixel clip rectangle: the image grown by `margin` device pixels.
    func clipBox(margin: Double) -> Box {
        Box(minX: -margin, minY: -margin, maxX: Double(frame.pixelWidth) + margin, maxY: Double(frame.pixelHeight) + margin)
    }

    /// A `*-translate` offset in device pixels, turned with the map for anchor "map".
    func translation(_ values: PropertyValues, _ prefix: String, _ ctx: EvaluationContext) -> (Double, Double) {
        guard let t = values.numbers("\(prefix)-translate", ctx), t.count == 2, t[0] != 0 || t[1] != 0 else { return (0, 0) }
        var dx = t[0] * frame.pixelRatio, dy = t[1] * frame.pixelRatio
        if values.string("\(prefix)-translate-anchor", ctx) == "viewport" || frame.bearing == 0 { return (dx, dy) }
        // Anchor "map": the offset turns with the map.
        let rad = frame.bearing * .pi / 180
        (dx, dy) = (dx * cos(rad) + dy * sin(rad), -dx * sin(rad) + dy * cos(rad))
        return (dx, dy)
    }

    /// Rows in `*-sort-key` order (stable for equal keys), when the layer sets one.
    func sorted(_ rows: [Int], _ layer: Layer, key: String, _ source: RenderSource) -> [Int] {
        guard layer.layout.isSet(key) else { return rows }
        let keys = rows.map { layer.layout.number(key, layoutContext(source, $0)) }
        return rows.indices.sorted { keys[$0] < keys[$1] || (keys[$0] == keys[$1] && $0 < $1) }.map { rows[$0] }
    }
}
