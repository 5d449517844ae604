import JSON

/// One style layer, validated and compiled.
public struct Layer: Sendable {
    public let id: String
    public let type: LayerType
    public let source: String?
    public let minZoom: Double
    public let maxZoom: Double
    public let filter: Expression?
    public let layout: PropertyValues
    public let paint: PropertyValues
    public let metadata: JSONObject
    /// The layer's JSON as written, for tools that derive things from it (legends).
    public let json: JSONObject

    public init(id: String, type: LayerType, source: String?, minZoom: Double, maxZoom: Double, filter: Expression?,
                layout: PropertyValues, paint: PropertyValues, metadata: JSONObject, json: JSONObject) {
        self.id = id
        self.type = type
        self.source = source
        self.minZoom = minZoom
        self.maxZoom = maxZoom
        self.filter = filter
        self.layout = layout
        self.paint = paint
        self.metadata = metadata
        self.json = json
    }

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
