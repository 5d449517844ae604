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
    /// The style whose layers are drawn.
    public let style: Style
    /// The style's sources, projected into the frame's CRS, by source id.
    public let sources: [String: RenderSource]
    /// What part of the world the map shows, and at what size.
    public let frame: MapFrame
    /// Values for `["global-state", name]` (the atlas puts the current feature here).
    public var globalState: JSONObject
    /// At most this many labels are placed on a map, in priority order; the rest are left
    /// out with a warning. Drawing a label with a halo costs up to 0.4 ms, so this keeps a
    /// style that labels every one of a million features (with overlap allowed) to seconds.
    public var maxLabels = SceneBuilder.defaultMaxLabels
    /// The default of `maxLabels`.
    public static let defaultMaxLabels = 50_000
    /// The images icons and patterns draw (the style's sprite at the frame's pixel ratio).
    public var icons: IconSet
    /// The images of the raster and hillshade layers, by layer id, warped and painted
    /// beforehand (`RasterLayerImages`): reading them may fail, building a scene does not.
    public var rasterImages: [String: SceneImage] = [:]

    /// A builder for one map; icons are loaded for the frame's pixel ratio.
    public init(style: Style, sources: [String: RenderSource], frame: MapFrame, globalState: JSONObject = JSONObject()) {
        self.style = style
        self.sources = sources
        self.frame = frame
        self.globalState = globalState
        icons = IconSet.load(for: style, pixelRatio: frame.pixelRatio)
    }

    /// Layers are independent except for label collisions, so every geometry layer is
    /// built on its own task and all labels are placed on one more, across the cores.
    public func build() -> Scene {
        var scene = Scene(width: frame.pixelWidth, height: frame.pixelHeight, pixelRatio: frame.pixelRatio)
        let layers = style.layers.filter { $0.isShown(atZoom: frame.zoom) }
        let geometryLayers = layers.indices.filter { layers[$0].type != .symbol }
        enum Built {
            case layer(Int, SceneLayer)
            case labels([String: SymbolsOfLayer], omitted: Int)
        }
        // Label placement goes first: it is usually the longest task.
        let results = Parallel.map(geometryLayers.count + 1) { task -> Built in
            guard task > 0 else {
                let (placed, omitted) = placeLabels()
                return .labels(placed, omitted: omitted)
            }
            let i = geometryLayers[task - 1]
            return .layer(i, buildLayer(layers[i]))
        }
        var built = [SceneLayer?](repeating: nil, count: layers.count)
        var labels: [String: SymbolsOfLayer] = [:]
        scene.warnings += icons.warnings
        for result in results {
            switch result {
            case .layer(let i, let layer): built[i] = layer
            case .labels(let placed, let omitted):
                labels = placed
                if omitted > 0 {
                    scene.warnings.append("the labels of \(omitted) feature\(omitted == 1 ? "" : "s") were left out: a map shows at most \(maxLabels) labels, in priority order")
                }
            }
        }
        for (i, layer) in layers.enumerated() {
            var out = built[i] ?? symbolLayer(layer, labels[layer.id] ?? SymbolsOfLayer())
            if built[i] == nil {
                out.labelsHaveSortKeys = labels[layer.id].map { $0.labels.contains { $0.sortKey != nil } || $0.icons.contains { $0.sortKey != nil } } ?? false
                for name in (labels[layer.id]?.missingImages ?? []).sorted() {
                    scene.warnings.append("layer \"\(layer.id)\": image \"\(name)\" could not be loaded (it is not in the style's sprite)")
                }
            }
            for name in missingPatternImages(layer) {
                scene.warnings.append("layer \"\(layer.id)\": image \"\(name)\" could not be loaded (it is not in the style's sprite)")
            }
            if !out.commands.isEmpty { scene.layers.append(out) }
        }
        return scene
    }

    /// A symbol layer's commands: its icons, then its labels (drawn over them); with a
    /// `symbol-sort-key` (or from tiles, tile by tile), in key order, each key's icons before
    /// its labels.
    func symbolLayer(_ layer: Layer, _ symbols: SymbolsOfLayer) -> SceneLayer {
        let commands = symbols.icons.map { DrawCommand.icon($0) } + symbols.labels.map { DrawCommand.label($0) }
        let keyed = symbols.icons.contains { $0.sortKey != nil } || symbols.labels.contains { $0.sortKey != nil }
        guard keyed, !symbols.icons.isEmpty else { return SceneLayer(id: layer.id, commands: commands) }
        func key(_ c: DrawCommand) -> Double {
            switch c {
            case .icon(let i): i.sortKey ?? 0
            case .label(let l): l.sortKey ?? 0
            default: 0
            }
        }
        let order = commands.indices.sorted { (key(commands[$0]), $0) < (key(commands[$1]), $1) }
        return SceneLayer(id: layer.id, commands: order.map { commands[$0] })
    }

    func buildLayer(_ layer: Layer) -> SceneLayer {
        var out = SceneLayer(id: layer.id)
        switch layer.type {
        case .background: addBackground(layer, to: &out)
        case .fill: addFills(layer, to: &out)
        case .line: addLines(layer, to: &out)
        case .circle: addCircles(layer, to: &out)
        case .symbol: break
        case .raster, .hillshade:
            if let image = rasterImages[layer.id] { out.commands.append(.image(image)) }
        }
        return out
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

    /// One copy of the world in the image: Web Mercator maps repeat east and west of the
    /// antimeridian as in MapLibre; other CRSs have one world.
    struct WorldCopy {
        /// Map units added to x.
        var shift: Double
        /// Map units → device pixels for this copy.
        var transform: PixelTransform
    }

    var worldCopies: [WorldCopy] {
        let base = frame.transform
        guard frame.crs.identifier == "EPSG:3857" else { return [WorldCopy(shift: 0, transform: base)] }
        let world = 2 * Double.pi * 6378137
        let bounds = frame.mapBounds(margin: 256)
        let first = Int(((bounds.minX + world / 2) / world).rounded(.down))
        let last = Int(((bounds.maxX + world / 2) / world).rounded(.down))
        // Far zoomed-out views would repeat without end; MapLibre draws a handful too.
        return (max(first, -4)...max(min(last, 4), max(first, -4))).map { k in
            let shift = Double(k) * world
            var t = base
            t.tx += t.a * shift
            t.ty += t.c * shift
            return WorldCopy(shift: shift, transform: t)
        }
    }

    /// The features of a layer's source that may show in one world copy of the image,
    /// after the layer's filter, in source order. `margin` is in CSS pixels (wide lines,
    /// big circles).
    func visibleFeatures(_ layer: Layer, margin: Double, copy: WorldCopy? = nil) -> (RenderSource, [Int])? {
        guard let key = layer.sourceKey, let source = sources[key] else { return nil }
        var box = frame.mapBounds(margin: margin)
        if let copy {
            box.minX -= copy.shift
            box.maxX -= copy.shift
        }
        let candidates = source.features(in: box)
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
