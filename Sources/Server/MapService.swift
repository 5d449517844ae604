import Cartouche
import Dispatch
import Geometry
import JSON
import Page
import Projection
import Render
import Style
import TilePyramids
import Tiles

/// An answer before it becomes an HTTP response.
public struct Reply: Sendable {
    /// The HTTP status.
    public var status: Int
    /// The `Content-Type` of the body.
    public var contentType: String
    /// The body's bytes.
    public var body: [UInt8]
    /// Further headers (`ETag`, `Cache-Control`, `Retry-After`).
    public var headers: [(String, String)] = []
    /// What the drawing of a map or tile reported (labels left out, tiles or features a
    /// dataset skipped): logged by the server, not sent. Empty when answered from the cache.
    public var warnings: [String] = []

    static func text(_ status: Int, _ message: String) -> Reply {
        Reply(status: status, contentType: "text/plain; charset=utf-8", body: Array((message + "\n").utf8))
    }
}

/// Everything the server does, without HTTP: a request target (path and query) in, a
/// reply out. `CartoucheServer` puts it behind Hummingbird; tests may call it directly.
public final class MapService: Sendable {
    /// The server's settings and limits.
    public let configuration: ServerConfiguration
    /// The styles and layouts offered, loaded at start-up.
    public let catalog: StyleCatalog
    /// The slots maps are drawn in and the line waiting for them.
    public let queue: RenderQueue
    /// Rendered maps and tiles kept for repeated requests.
    public let cache: ResponseCache
    /// The counters and histograms of `/metrics`.
    public let metrics: ServerMetrics
    let metatiles: MetatileFlights

    /// A service over `catalog`, its queue, cache and metrics sized by `configuration`.
    public init(configuration: ServerConfiguration, catalog: StyleCatalog) {
        self.configuration = configuration
        self.catalog = catalog
        self.queue = RenderQueue(slots: configuration.renderSlots, capacity: configuration.queueLength)
        self.cache = ResponseCache(bytes: configuration.cacheBytes)
        self.metrics = ServerMetrics()
        self.metatiles = MetatileFlights()
    }

    /// Which family of route a path is, for metrics and logs.
    public static func route(of path: String) -> String {
        if path == "/health" { return "health" }
        if path == "/metrics" { return "metrics" }
        if path.hasPrefix("/wms") { return "wms" }
        if path.contains("/static/") { return "static" }
        if path.hasPrefix("/styles/") && path.hasSuffix(".json") { return "tilejson" }
        if path.hasPrefix("/styles/") && path.hasSuffix(".png") { return "tile" }
        if path.hasPrefix("/viewer") || path.hasPrefix("/leaflet") { return "viewer" }
        return "other"
    }

    /// Answers a GET. `host` builds absolute URLs (TileJSON, capabilities); `ifNoneMatch`
    /// may turn a cached answer into 304.
    public func handle(path rawPath: String, query rawQuery: String?, host: String?, ifNoneMatch: String?) async -> Reply {
        let isWMS = rawPath == "/wms" || rawPath == "/wms/"
        do {
            let segments = try Self.segments(rawPath)
            let query = try QueryString(rawQuery)
            var reply = try await dispatch(segments, query: query, rawQuery: rawQuery, host: host, isWMS: isWMS)
            if reply.status == 200, let tag = reply.headers.first(where: { $0.0 == "ETag" })?.1, let inm = ifNoneMatch,
               inm.split(separator: ",").contains(where: { $0.trimmingCharacters(in: .whitespaces) == tag || $0 == "*" }) {
                reply.status = 304
                reply.body = []
            }
            return reply
        } catch let failure as RequestFailure {
            if failure.status == 503 { metrics.rejected.increment() }
            var reply: Reply
            if isWMS, failure.wmsCode != nil {
                reply = Reply(status: failure.status, contentType: "text/xml; charset=utf-8",
                              body: Array(WMSCapabilities.exception(code: failure.wmsCode!.isEmpty ? nil : failure.wmsCode, message: failure.message).utf8))
            } else if isWMS {
                reply = Reply(status: failure.status, contentType: "text/xml; charset=utf-8",
                              body: Array(WMSCapabilities.exception(code: nil, message: failure.message).utf8))
            } else {
                reply = .text(failure.status, failure.message)
            }
            if let retry = failure.retryAfter { reply.headers.append(("Retry-After", "\(retry)")) }
            return reply
        } catch {
            // Errors from drawing: the request asked for something that cannot be drawn
            // (a centre outside the CRS's area, a page over the pixel limit).
            let message = Self.oneLine("\(error)")
            if isWMS {
                return Reply(status: 400, contentType: "text/xml; charset=utf-8",
                             body: Array(WMSCapabilities.exception(code: nil, message: message).utf8))
            }
            return .text(error is ProjectionError || error is RenderError || error is LayoutError ? 400 : 500, message)
        }
    }

    static func oneLine(_ s: String) -> String {
        String(s.split(whereSeparator: \.isNewline).first ?? "").prefix(500).description
    }

    /// The path's segments, percent-decoded. A segment that decodes to `.`, `..` or holds a
    /// slash, a backslash or a NUL is refused: no segment names a file, but none may look
    /// as if it could.
    static func segments(_ path: String) throws(RequestFailure) -> [String] {
        guard path.hasPrefix("/") else { throw .badRequest("the request target must be a path starting with /") }
        var out: [String] = []
        for raw in path.split(separator: "/", omittingEmptySubsequences: false).dropFirst() {
            let s = try QueryString.decode(raw, plusIsSpace: false)
            if s == "." || s == ".." || s.contains("/") || s.contains("\\") || s.contains("\0") {
                throw .badRequest("path segment \"\(raw.prefix(60))\" is not allowed")
            }
            out.append(s)
        }
        if out.last == "" && out.count > 1 { out.removeLast() }
        return out
    }

    func entry(_ id: String) throws(RequestFailure) -> StyleCatalog.Entry {
        guard let e = catalog[id] else { throw .notFound("no style \"\(id.prefix(80))\"; this server has \(catalog.ids.joined(separator: ", "))") }
        return e
    }

    func dispatch(_ s: [String], query: QueryString, rawQuery: String?, host: String?, isWMS: Bool) async throws -> Reply {
        switch s.count {
        case 1 where s[0] == "health":
            return Reply(status: 200, contentType: "application/json", body: Array("{\"status\":\"ok\",\"styles\":\(catalog.ids.count)}\n".utf8))
        case 1 where s[0] == "metrics":
            return Reply(status: 200, contentType: "text/plain; version=0.0.4", body: metrics.text(queue: queue))
        case 1 where s[0] == "wms":
            return try await wms(query, host: host)
        case 1 where s[0] == "styles.json":
            let list: [JSONValue] = catalog.ids.map { id in
                ["id": .string(id), "name": .string(catalog[id]!.style.name ?? id), "url": .string("\(base(host))/styles/\(id).json")]
            }
            return Reply(status: 200, contentType: "application/json", body: Array(JSONWriter().string(.array(list)).utf8))
        case 2 where s[0] == "styles" && s[1].hasSuffix(".json"):
            return try tileJSON(String(s[1].dropLast(5)), host: host)
        case 2 where s[0] == "viewer":
            return try Viewer.page(for: entry(s[1]))
        case 2 where s[0] == "leaflet":
            return try Viewer.leafletFile(s[1])
        case 3 where s[0] == "leaflet" && s[1] == "images":
            return try Viewer.leafletFile("images/" + s[2])
        case 5 where s[0] == "styles" && s[2] == "static":
            return try await staticMap(entry(s[1]), camera: s[3], size: s[4], query: query, cacheKey: "/" + s.joined(separator: "/") + "?" + (rawQuery ?? ""))
        case 5 where s[0] == "styles":
            return try await tile(entry(s[1]), z: s[2], x: s[3], y: s[4])
        default:
            throw RequestFailure.notFound("no such resource; maps are at /styles/{id}/static/..., tiles at /styles/{id}/{z}/{x}/{y}.png, WMS at /wms")
        }
    }

    func base(_ host: String?) -> String {
        let h = host.flatMap { h in h.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-.:[]".contains($0)) } ? h : nil }
        return "http://\(h ?? "\(configuration.bind):\(configuration.port)")"
    }

    // MARK: Cached rendering

    func cached(_ key: String, contentType: String,
                _ work: @escaping @Sendable () throws -> (bytes: [UInt8], warnings: [String])) async throws -> Reply {
        if let hit = cache.get(key) {
            metrics.cacheHits.increment()
            return reply(hit)
        }
        metrics.cacheMisses.increment()
        let drawn = try await queue.run(timeLimit: configuration.timeLimit, work)
        var answer = reply(cache.put(key, body: drawn.bytes, contentType: contentType))
        answer.warnings = drawn.warnings
        return answer
    }

    func reply(_ item: ResponseCache.Item) -> Reply {
        Reply(status: 200, contentType: item.contentType, body: item.body,
              headers: [("ETag", item.etag), ("Cache-Control", "public, max-age=\(configuration.maxAge)")])
    }

    static func contentType(_ f: OutputFormat) -> String {
        switch f {
        case .png: "image/png"
        case .svg: "image/svg+xml"
        case .pdf: "application/pdf"
        }
    }

    // MARK: Static maps

    func staticMap(_ entry: StyleCatalog.Entry, camera: String, size: String, query: QueryString, cacheKey: String) async throws -> Reply {
        let url = try StaticMapURL(camera: camera, size: size, maxSize: configuration.maxSize, maxScale: configuration.maxScale)
        let overlays = try MapOverlays(paths: query.all("path"), markers: query.all("marker"))
        var layout: PageLayout?
        if let name = query["layout"] {
            guard StaticMapURL.isSafeIdentifier(name), let l = catalog.layouts[name] else {
                throw RequestFailure.badRequest("layout \"\(name.prefix(60))\" is not offered; the server has \(catalog.layouts.keys.sorted().joined(separator: ", "))")
            }
            guard overlays.isEmpty else { throw RequestFailure.badRequest("path and marker are drawn on plain maps, not on layout pages") }
            layout = l
        }
        var globalState = JSONObject()
        if let text = query["state"] {
            guard text.utf8.count <= 16_384 else { throw RequestFailure.badRequest("state is longer than 16384 bytes") }
            guard case .object(let o)? = try? JSONParser.parse(text, maxDepth: 16) else {
                throw RequestFailure.badRequest("state must be a JSON object, e.g. {\"village\":\"蔡庄村\"}")
            }
            globalState = o
        }
        var crs: CRS?
        if let c = query["crs"] {
            do { crs = try CRS(c) } catch { throw RequestFailure.badRequest("crs \"\(c.prefix(80))\" is not known to PROJ") }
        }
        var padding = 20.0
        if let p = query["padding"] {
            padding = try StaticMapURL.number(Substring(p), "padding")
            guard (0...1000).contains(padding) else { throw RequestFailure.badRequest("padding \(p) is outside 0 to 1000") }
        }
        var request = MapRequest(width: Double(url.width), height: Double(url.height), pixelRatio: Double(url.scale), crs: crs)
        switch url.camera {
        case .center(let lon, let lat, let zoom, let bearing):
            request.extent = .camera(longitude: lon, latitude: lat, zoom: zoom, bearing: bearing)
        case .bounds(let box):
            request.extent = .boundingBox(box)
        case .auto:
            request.extent = .fitData(padding: padding)
        }
        if let layout, url.format == .png {
            try ImageLimit.check(width: layout.width * layout.pixelRatio, height: layout.height * layout.pixelRatio, maxPixels: request.maxPixels)
        }
        let renderer = entry.renderer
        let format = url.format
        let (fixedRequest, fixedLayout, state, pad) = (request, layout, globalState, padding)
        return try await cached(cacheKey, contentType: Self.contentType(format)) {
            var request = fixedRequest
            let layout = fixedLayout, globalState = state, padding = pad
            if case .auto = url.camera, !overlays.isEmpty {
                let mapCRS = try renderer.crs(for: request)
                let box = try MapFrame.projectedEnvelope(of: overlays.bounds, to: mapCRS)
                request.extent = .mapBox(box, padding: padding)
            }
            if layout != nil || overlays.isEmpty {
                let result = try renderer.render(request, format: format, layout: layout, globalState: globalState)
                return (result.bytes, result.warnings)
            }
            if format == .png {
                try ImageLimit.check(width: request.width * request.pixelRatio, height: request.height * request.pixelRatio, maxPixels: request.maxPixels)
            }
            var scene = try renderer.scene(for: request, globalState: globalState)
            let (frame, _) = try renderer.frame(for: request)
            scene.layers += try overlays.layers(in: frame)
            let warnings = scene.warnings
            return (try renderer.encode(scene, format: format, title: renderer.data.style.name, maxPixels: request.maxPixels), warnings)
        }
    }

    // MARK: Tiles

    func tileJSON(_ id: String, host: String?) throws -> Reply {
        let e = try entry(id)
        let b = e.bounds
        let center: (Double, Double, Double)? = b.isEmpty ? nil : (b.centerX, b.centerY, Double(min(configuration.maxZoom, 12)))
        let doc = TileJSON.document(id: id, name: e.style.name, tileURL: "\(base(host))/styles/\(id)/{z}/{x}/{y}.png",
                                    bounds: b, center: center, maxZoom: configuration.maxZoom,
                                    attribution: e.style.metadata["cartouche:attribution"]?.stringValue)
        return Reply(status: 200, contentType: "application/json", body: Array(JSONWriter().string(doc).utf8),
                     headers: [("Cache-Control", "public, max-age=\(configuration.maxAge)")])
    }

    func tile(_ entry: StyleCatalog.Entry, z zText: String, x xText: String, y yText: String) async throws -> Reply {
        var yPart = Substring(yText)
        guard yPart.hasSuffix(".png") else { throw RequestFailure.notFound("tiles are /styles/{id}/{z}/{x}/{y}.png or {y}@2x.png") }
        yPart = yPart.dropLast(4)
        var scale = 1
        if yPart.hasSuffix("x"), let at = yPart.firstIndex(of: "@") {
            guard let s = Int(yPart[yPart.index(after: at)...].dropLast()), (1...configuration.maxScale).contains(s) else {
                throw RequestFailure.badRequest("tile scale \"\(yPart[at...])\": expected @2x up to @\(configuration.maxScale)x")
            }
            scale = s
            yPart = yPart[..<at]
        }
        func integer(_ t: Substring, _ what: String) throws(RequestFailure) -> Int {
            guard t.count <= 9, t.allSatisfy({ $0.isASCII && $0.isNumber }), let n = Int(t) else {
                throw .badRequest("tile \(what) \"\(t.prefix(20))\" is not a whole number")
            }
            return n
        }
        let id = TileID(z: try integer(Substring(zText), "z"), x: try integer(Substring(xText), "x"), y: try integer(yPart, "y"))
        guard id.z <= configuration.maxZoom else { throw RequestFailure.badRequest("zoom \(id.z) is over the maximum of \(configuration.maxZoom)") }
        guard id.isValid else { throw RequestFailure.badRequest("tile \(id.z)/\(id.x)/\(id.y) does not exist: x and y must be below 2^z") }
        let key = "tile/\(entry.id)/\(id)@\(scale)"
        if let hit = cache.get(key) {
            metrics.cacheHits.increment()
            return reply(hit)
        }
        metrics.cacheMisses.increment()
        let meta = Metatile(containing: id, size: configuration.metatileSize)
        let metaKey = "\(entry.id)/\(meta.z)/\(meta.x)/\(meta.y)@\(scale)"
        // One drawing per metatile: requests for its other tiles wait for the same one.
        let drawn = try await metatiles.run(metaKey) { [queue, configuration, scale] in
            try await queue.run(timeLimit: configuration.timeLimit) {
                try Parallel.sequentially { try entry.tiles.render(meta, scale: scale) }
            }
        }
        var mine: ResponseCache.Item?
        for (t, bytes) in drawn.tiles {
            let item = cache.put("tile/\(entry.id)/\(t)@\(scale)", body: bytes, contentType: "image/png")
            if t == id { mine = item }
        }
        guard let mine else { throw RequestFailure(500, "tile \(id) was not in its metatile") }
        var answer = reply(mine)
        answer.warnings = drawn.warnings
        return answer
    }

    // MARK: WMS

    func wms(_ q: QueryString, host: String?) async throws -> Reply {
        if let service = q.ignoringCase("SERVICE"), service.uppercased() != "WMS" {
            throw WMS.failure("InvalidParameterValue", "SERVICE must be WMS")
        }
        let request = try WMS.required(q, "REQUEST")
        switch request.lowercased() {
        case "getcapabilities":
            let xml = WMSCapabilities.xml(catalog: catalog, crsNames: configuration.wmsCRS, serviceURL: "\(base(host))/wms?")
            return Reply(status: 200, contentType: "text/xml; charset=utf-8", body: Array(xml.utf8))
        case "getmap":
            if let v = q.ignoringCase("VERSION"), v != "1.3.0", v != "1.1.1" {
                throw WMS.failure("InvalidParameterValue", "VERSION \(v.prefix(20)) is not offered; use 1.3.0")
            }
            let p = try WMS.mapParameters(q, catalog: catalog, maxSize: configuration.maxSize)
            let key = "wms/" + q.pairs.map { "\($0.name.lowercased())=\($0.value)" }.sorted().joined(separator: "&")
            return try await cached(key, contentType: Self.contentType(p.format)) { try WMS.render(p) }
        case "getlegendgraphic":
            let key = "legend/" + (q.ignoringCase("LAYER") ?? "")
            _ = try WMS.layers(try WMS.required(q, "LAYER"), catalog: catalog)
            let catalog = self.catalog
            return try await cached(key, contentType: "image/png") { try WMS.legend(q, catalog: catalog) }
        default:
            throw WMS.failure("OperationNotSupported", "REQUEST \(request.prefix(40)) is not offered; use GetCapabilities, GetMap or GetLegendGraphic")
        }
    }
}

/// Requests for tiles of one metatile share one drawing of it.
final class MetatileFlights: @unchecked Sendable {
    typealias Tiles = MetatileTiles
    private let lock = Lock()
    private var waiting: [String: [CheckedContinuation<Tiles, Error>]] = [:]

    func run(_ key: String, _ work: @escaping @Sendable () async throws -> Tiles) async throws -> Tiles {
        try await withCheckedThrowingContinuation { (c: CheckedContinuation<Tiles, Error>) in
            let first: Bool = lock.locked {
                if waiting[key] != nil {
                    waiting[key]!.append(c)
                    return false
                }
                waiting[key] = [c]
                return true
            }
            guard first else { return }
            Task {
                let result: Result<Tiles, Error>
                do { result = .success(try await work()) } catch { result = .failure(error) }
                let all = lock.locked { waiting.removeValue(forKey: key) ?? [] }
                for c in all { c.resume(with: result) }
            }
        }
    }
}
