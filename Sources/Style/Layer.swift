import JSON

/// One style layer, validated and compiled.
public struct Layer: Sendable {
    /// The layer's `id`, unique in the style.
    public let id: String
    /// What the layer draws: fills, lines, circles, symbols, rasters...
    public let type: LayerType
    /// The id of the source the layer draws; nil for `background`.
    public let source: String?
    /// The `source-layer` of a layer on a vector source: which of the source's layers
    /// (a dataset's layer, a tile's layer, a table) it draws. Nil on other sources, where
    /// MapLibre ignores it.
    public let sourceLayer: String?
    /// `minzoom`: below this zoom the layer is hidden.
    public let minZoom: Double
    /// `maxzoom`: at and above this zoom the layer is hidden.
    public let maxZoom: Double
    /// The compiled `filter` (legacy filters converted); nil lets every feature through.
    public let filter: StyleExpression?
    /// The layout properties, compiled, with the spec's defaults for the rest.
    public let layout: PropertyValues
    /// The paint properties, compiled, with the spec's defaults for the rest.
    public let paint: PropertyValues
    /// The layer's `metadata` object, where the `cartouche:` keys (legend titles) live.
    public let metadata: JSONObject
    /// The layer's JSON as written, for tools that derive things from it (legends).
    public let json: JSONObject
    /// The layer's position in the style's `layers` array, for JSON pointers in messages.
    public let index: Int

    /// A layer from its compiled parts; `StyleParser` makes them from a style's JSON.
    public init(id: String, type: LayerType, source: String?, sourceLayer: String? = nil, minZoom: Double,
                maxZoom: Double, filter: StyleExpression?, layout: PropertyValues, paint: PropertyValues, metadata: JSONObject,
                json: JSONObject, index: Int = 0) {
        self.id = id
        self.type = type
        self.source = source
        self.sourceLayer = sourceLayer
        self.minZoom = minZoom
        self.maxZoom = maxZoom
        self.filter = filter
        self.layout = layout
        self.paint = paint
        self.metadata = metadata
        self.json = json
        self.index = index
    }

    /// The key of the features this layer draws among a scene's sources: the source id, or
    /// for a vector source the source id and the source layer (`RenderSource.key`).
    public var sourceKey: String? {
        source.map { RenderSourceKey.make(source: $0, layer: sourceLayer) }
    }

    /// False when `visibility` is `none`.
    public var isVisible: Bool { layout.values["visibility"]?.constant?.stringValue != "none" }

    /// MapLibre shows a layer when minzoom ≤ zoom < maxzoom.
    public func isShown(atZoom zoom: Double) -> Bool {
        isVisible && zoom >= minZoom && zoom < maxZoom
    }

    /// Whether the filter lets the feature through (no filter lets everything through).
    @inline(__always)
    public func accepts(_ ctx: EvaluationContext) -> Bool {
        guard let filter else { return true }
        return (try? filter.evaluate(ctx))?.boolValue ?? false
    }
}

/// How a scene's sources are keyed: a GeoJSON source by its id, a vector source's layer by
/// the source id and the layer name joined by a unit separator, which no sane id contains.
public enum RenderSourceKey {
    /// The key of a source's features, or of one layer of a vector source.
    public static func make(source: String, layer: String?) -> String {
        guard let layer else { return source }
        return "\(source)\u{1F}\(layer)"
    }
}
