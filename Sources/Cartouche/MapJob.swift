import Geometry
import JSON
import Render

/// One map of a batch: what to draw (size, CRS, extent), where to write it, and in what
/// form: a plain map, or a report page when `layout` is set.
public struct MapJob: Sendable {
    /// The output file; the format is `format`.
    public var output: String
    /// PNG, SVG or PDF.
    public var format: OutputFormat
    /// The map's size, CRS and extent.
    public var request: MapRequest
    /// A page layout document; the page then sets the size.
    public var layout: String?
    /// What the manifest names the map by: the atlas feature's id, a jobs file's `id`, else
    /// nothing.
    public var id: JSONValue
    /// The feature the map is made for: fills `{name}` in the layout's text and is what
    /// the style sees as `["global-state", "atlas"]`.
    public var properties: JSONObject

    /// A job writing `request` to `output`; `id` and `properties` are the atlas feature's, when
    /// the job is one of an atlas.
    public init(output: String, format: OutputFormat, request: MapRequest, layout: String? = nil,
                id: JSONValue = .null, properties: JSONObject = JSONObject()) {
        self.output = output
        self.format = format
        self.request = request
        self.layout = layout
        self.id = id
        self.properties = properties
    }

    /// The style's global state for this map: `atlas` holds the feature's properties and
    /// its `id`, so that a style can single out the current feature, e.g. with
    /// `["==", ["get", "name"], ["get", "name", ["global-state", "atlas"]]]`.
    public var globalState: JSONObject {
        guard !properties.isEmpty || !id.isNull else { return JSONObject() }
        var atlas = properties
        if !id.isNull { atlas["id"] = id }
        return JSONObject([.init(key: "atlas", value: .object(atlas))])
    }

    /// Everything about the job that changes its output, as JSON with a fixed member order:
    /// part of the input hash that `--resume` compares.
    public var parameters: JSONValue {
        var o = JSONObject()
        o["output"] = .string(output)
        o["format"] = .string(format.rawValue)
        o["width"] = .number(request.width)
        o["height"] = .number(request.height)
        o["pixelRatio"] = .number(request.pixelRatio)
        o["crs"] = request.crs.map { .string($0.definition) } ?? .null
        o["extent"] = request.extent.json
        o["layout"] = layout.map(JSONValue.string) ?? .null
        o["id"] = id
        o["properties"] = .object(properties)
        return .object(o)
    }
}

extension MapRequest.Extent {
    /// The extent as jobs files write it.
    var json: JSONValue {
        switch self {
        case .styleCamera: return "style"
        case .camera(let lon, let lat, let zoom, let bearing):
            return ["center": [.number(lon), .number(lat)], "zoom": .number(zoom), "bearing": .number(bearing)]
        case .boundingBox(let b):
            return ["bbox": [.number(b.minX), .number(b.minY), .number(b.maxX), .number(b.maxY)]]
        case .fitData(let padding):
            return ["fit": ["padding": .number(padding)]]
        case .mapBox(let b, let padding):
            return ["mapBox": [.number(b.minX), .number(b.minY), .number(b.maxX), .number(b.maxY)], "padding": .number(padding)]
        }
    }
}
