import Geometry
import JSON
import Projection
import Render
import Style

/// Renders maps from loaded data: frame → scene → bytes → file.
public struct MapRenderer: Sendable {
    /// The style and its sources, loaded once and shared by every map drawn.
    public let data: MapData

    /// A renderer for maps of `data`.
    public init(data: MapData) { self.data = data }

    /// The CRS a request draws in: the request's, else the style's, else Web Mercator.
    public func crs(for request: MapRequest) throws -> CRS {
        if let crs = request.crs { return crs }
        if let text = data.style.crs { return try CRS(text) }
        return .webMercator
    }

    /// The map's frame (CRS, extent, pixel transform) and the style's data projected into its
    /// CRS: what a scene is built from.
    public func frame(for request: MapRequest) throws -> (MapFrame, ProjectedData) {
        // Any format: the frame's pixel size becomes an Int, and a page layout's map frame
        // or a library caller could ask for anything.
        let w = request.width * request.pixelRatio, h = request.height * request.pixelRatio
        guard w.isFinite, h.isFinite, w >= 0.5, h >= 0.5, max(w, h) <= 1_000_000 else {
            throw RenderError("the map would be \(w)x\(h) device pixels; it must be 1 to 1000000 on a side")
        }
        let crs = try crs(for: request)
        let projected = try data.projected(to: crs)
        let frame: MapFrame
        switch request.extent {
        case .styleCamera:
            let s = data.style
            frame = try .camera(crs: crs, longitude: s.center.longitude, latitude: s.center.latitude, zoom: s.zoom,
                                bearing: s.bearing, width: request.width, height: request.height, pixelRatio: request.pixelRatio)
        case .camera(let lon, let lat, let zoom, let bearing):
            frame = try .camera(crs: crs, longitude: lon, latitude: lat, zoom: zoom, bearing: bearing,
                                width: request.width, height: request.height, pixelRatio: request.pixelRatio)
        case .boundingBox(let box):
            frame = try .fitting(longitudeLatitude: box, crs: crs, width: request.width, height: request.height,
                                 pixelRatio: request.pixelRatio)
        case .mapBox(let box, let padding):
            frame = try .fitting(box, crs: crs, width: request.width, height: request.height,
                                 pixelRatio: request.pixelRatio, padding: padding)
        case .fitData(let padding):
            let bounds = try data.bounds(projected)
            guard !bounds.isEmpty else { throw RenderError("the style's sources have no features to fit the map to", setting: .fitData) }
            frame = try .fitting(bounds, crs: crs, width: request.width, height: request.height,
                                 pixelRatio: request.pixelRatio, padding: padding)
        }
        return (frame, projected)
    }

    /// The scene for a request: every layer's draw commands and the labels placed, with the
    /// warnings of the readers and of the scene builder on `Scene.warnings`.
    /// The scene for a request.
    public func scene(for request: MapRequest, globalState: JSONObject = JSONObject()) throws -> Scene {
        var timings = PhaseTimings()
        return try scene(for: request, globalState: globalState, timings: &timings)
    }

    /// The scene, timing projection ("project", the first time a CRS is used) and scene
    /// building ("scene").
    func scene(for request: MapRequest, globalState: JSONObject, timings: inout PhaseTimings) throws -> Scene {
        let (mapFrame, projected) = try timings.measure("project") { try self.frame(for: request) }
        return try timings.measure("scene") {
            try data.scene(frame: mapFrame, projected: projected, globalState: globalState).scene
        }
    }

    /// Renders a map, or with `layout` a report page, to bytes in `format`. `properties` fill
    /// the page's `{name}` placeholders; `globalState` is what the style sees as
    /// `["global-state", key]`. The result carries the scene's warnings, and the phase times
    /// when `timed`.
    public func render(_ request: MapRequest, format: OutputFormat, layout: PageLayout? = nil,
                       properties: JSONObject = JSONObject(), globalState: JSONObject = JSONObject(),
                       timed: Bool = false) throws -> RenderResult {
        var timings = PhaseTimings()
        let (bytes, warnings) = try bytes(request, format: format, layout: layout, properties: properties,
                                          globalState: globalState, timings: &timings)
        return RenderResult(bytes: bytes, warnings: warnings, timings: timed ? timings : PhaseTimings())
    }

    /// Renders a map, or with `layout` a report page, to a file, the format following its
    /// extension; the file appears complete or not at all. As `render(_:format:...)` otherwise.
    @discardableResult
    public func render(_ request: MapRequest, to path: String, layout: PageLayout? = nil,
                       properties: JSONObject = JSONObject(), globalState: JSONObject = JSONObject(),
                       timed: Bool = false) throws -> RenderResult {
        guard let format = OutputFormat(path: path) else { throw RenderError("unknown output format; use a .png, .svg or .pdf file name", file: path) }
        var timings = PhaseTimings()
        let (bytes, warnings) = try bytes(request, format: format, layout: layout, properties: properties,
                                          globalState: globalState, timings: &timings)
        try timings.measure("write") { try AtomicFile.write(bytes, to: path) }
        return RenderResult(bytes: bytes, warnings: warnings, timings: timed ? timings : PhaseTimings())
    }

    /// The one path of `render`: the size checked before any work, the scene (of the map or
    /// the page), its warnings, the bytes.
    func bytes(_ request: MapRequest, format: OutputFormat, layout: PageLayout?, properties: JSONObject,
               globalState: JSONObject, timings: inout PhaseTimings) throws -> (bytes: [UInt8], warnings: [String]) {
        if let layout {
            // A page's size comes from its layout.
            if format == .png {
                try ImageLimit.check(width: layout.width * layout.pixelRatio, height: layout.height * layout.pixelRatio,
                                     maxPixels: request.maxPixels)
            }
            let scene = try page(layout, request: request, properties: properties, globalState: globalState, timings: &timings)
            let warnings = scene.warnings
            let bytes = try encode(scene, format: format, title: documentTitle(layout, properties), maxPixels: request.maxPixels,
                                   timings: &timings)
            return (bytes, warnings)
        }
        // Refused before the scene is built, not after.
        if format == .png {
            try ImageLimit.check(width: request.width * request.pixelRatio, height: request.height * request.pixelRatio,
                                 maxPixels: request.maxPixels)
        }
        let scene = try scene(for: request, globalState: globalState, timings: &timings)
        let warnings = scene.warnings
        let bytes = try encode(consume scene, format: format, title: data.style.name, maxPixels: request.maxPixels, timings: &timings)
        return (bytes, warnings)
    }

    /// A scene's bytes in `format`; `title` is the PDF document's title. The scene is
    /// consumed, so that a PNG's scene is freed once drawn, before encoding. A PNG over
    /// `maxPixels` device pixels is refused. (The scene's warnings are the caller's to pass on.)
    public func encode(_ scene: consuming Scene, format: OutputFormat, title: String?,
                       maxPixels: Int = ImageLimit.defaultMaxPixels) throws -> [UInt8] {
        var timings = PhaseTimings()
        return try encode(scene, format: format, title: title, maxPixels: maxPixels, timings: &timings)
    }

    func encode(_ scene: consuming Scene, format: OutputFormat, title: String?,
                maxPixels: Int, timings: inout PhaseTimings) throws -> [UInt8] {
        switch format {
        case .png:
            try ImageLimit.check(width: Double(scene.width), height: Double(scene.height), maxPixels: maxPixels)
            return try CairoBackend.png(consume scene, timings: &timings)
        case .svg:
            let scene = copy scene
            return timings.measure("encode") { SVGBackend.svg(scene) }
        case .pdf:
            let scene = copy scene
            return try timings.measure("encode") { try PDFBackend.pdf([scene], title: title) }
        }
    }
}
