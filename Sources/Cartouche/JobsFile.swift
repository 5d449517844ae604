import Geometry
import JSON
import Render
import Style

/// A batch as a jobs file gives it: the style and the maps to draw with it.
public struct BatchJobs: Sendable {
    /// The style path, resolved against the jobs file's folder.
    public var style: String
    /// The maps, in the jobs file's order, each with the defaults applied.
    public var maps: [MapJob]

    /// A batch of `maps` drawn with the style at `style`.
    public init(style: String, maps: [MapJob]) {
        self.style = style
        self.maps = maps
    }
}

/// Reads jobs files (`cartouche batch`), JSON or YAML (`.yaml`, `.yml`):
///
/// ```json
/// {"style": "style.json",
///  "defaults": {"width": 800, "height": 600, "pixelRatio": 1, "format": "png", "layout": "a4.json", "crs": "EPSG:4547"},
///  "maps": [{"output": "a.png", "center": [114.02, 33.57], "zoom": 14, "bearing": 0},
///           {"output": "b.pdf", "bbox": [113.9, 33.5, 114.1, 33.6], "id": 7, "properties": {"name": "前朱村"}}]}
/// ```
///
/// Paths are relative to the jobs file. A map may override any default. The format is the
/// output's extension; `format` names it for outputs without one (the extension is added).
/// Every problem is reported with the JSON pointer of the member at fault.
public enum JobsFile {
    /// Reads and checks a jobs file, YAML when its name ends in `.yaml` or `.yml`, JSON
    /// otherwise. Errors name the file and the member's JSON pointer.
    public static func load(path: String) throws -> BatchJobs {
        let json: JSONValue
        let lower = path.lowercased()
        if lower.hasSuffix(".yaml") || lower.hasSuffix(".yml") {
            let file = try MappedFile(path: path)
            json = try withExtendedLifetime(file) {
                try YAMLDocument.parse(String(decoding: file.bytes, as: UTF8.self), file: path)
            }
        } else {
            json = try JSONParser.parse(contentsOf: path)
        }
        do {
            return try parse(json, baseDirectory: StyleParser.directory(of: path))
        } catch {
            var error = error
            error.file = path
            throw error
        }
    }

    /// The width of a map that gives none, in CSS pixels (as the `render` command's).
    public static let defaultWidth = 1024.0
    /// The height of a map that gives none, in CSS pixels.
    public static let defaultHeight = 768.0

    static let settingKeys = ["width", "height", "pixelRatio", "pixel-ratio", "format", "layout", "crs"]
    static let mapKeys = settingKeys + ["output", "center", "zoom", "bearing", "bbox", "id", "properties"]

    /// Checks a jobs document already parsed (JSON or YAML); paths in it are taken from
    /// `baseDirectory`.
    public static func parse(_ json: JSONValue, baseDirectory: String) throws(JobsError) -> BatchJobs {
        let root = try Members(json, at: .root, allowed: ["style", "defaults", "maps"])
        guard let style = try root.string("style") else { throw JobsError(.root, "a jobs file needs \"style\", the style file") }
        var defaults = MapSettings()
        if let d = root["defaults"] {
            defaults = try MapSettings(try Members(d, at: .root / "defaults", allowed: settingKeys), baseDirectory: baseDirectory)
        }
        guard let maps = root["maps"] else { throw JobsError(.root, "a jobs file needs \"maps\", the list of maps") }
        guard case .array(let list) = maps else { throw JobsError(.root / "maps", "expected an array of maps, found \(maps.typeName)") }
        var jobs: [MapJob] = []
        var outputs: [String: Int] = [:]
        for (i, element) in list.enumerated() {
            let pointer = JSONPointer.root / "maps" / i
            let map = try Members(element, at: pointer, allowed: mapKeys)
            let job = try mapJob(map, defaults: defaults, baseDirectory: baseDirectory)
            if let first = outputs[job.output] {
                throw JobsError(pointer / "output", "\(job.output) is also the output of /maps/\(first)")
            }
            outputs[job.output] = i
            jobs.append(job)
        }
        return BatchJobs(style: resolve(style, in: baseDirectory), maps: jobs)
    }

    static func mapJob(_ map: Members, defaults: MapSettings, baseDirectory: String) throws(JobsError) -> MapJob {
        var settings = defaults
        try settings.override(with: map, baseDirectory: baseDirectory)
        guard var output = try map.string("output") else { throw JobsError(map.pointer, "a map needs \"output\", the file to write") }
        output = resolve(output, in: baseDirectory)
        let format: OutputFormat
        switch (OutputFormat(path: output), settings.format) {
        case (let fromName?, let given?) where fromName != given:
            throw JobsError(map.pointer / "output", "the extension says \(fromName.rawValue) but format is \(given.rawValue)")
        case (let fromName?, _): format = fromName
        case (nil, let given?):
            format = given
            output += "." + given.rawValue
        case (nil, nil):
            throw JobsError(map.pointer / "output", "no format: end the name with .png, .svg or .pdf, or set \"format\"")
        }
        var request = MapRequest(width: settings.width, height: settings.height, pixelRatio: settings.pixelRatio, crs: settings.crs)
        request.extent = try camera(map)
        var properties = JSONObject()
        if let p = map["properties"] {
            guard case .object(let o) = p else { throw JobsError(map.pointer / "properties", "expected an object, found \(p.typeName)") }
            properties = o
        }
        let id = map["id"] ?? .null
        switch id {
        case .null, .string, .number: break
        default: throw JobsError(map.pointer / "id", "expected a string or a number, found \(id.typeName)")
        }
        return MapJob(output: output, format: format, request: request, layout: settings.layout, id: id, properties: properties)
    }

    /// `center` with `zoom` (and `bearing`), or `bbox`.
    static func camera(_ map: Members) throws(JobsError) -> MapRequest.Extent {
        if let bbox = try map.numbers("bbox", count: 4) {
            if map["center"] != nil || map["zoom"] != nil {
                throw JobsError(map.pointer / "bbox", "give either bbox or center and zoom, not both")
            }
            guard bbox[0] < bbox[2], bbox[1] < bbox[3], bbox[0] >= -180, bbox[2] <= 180, bbox[1] >= -90, bbox[3] <= 90 else {
                throw JobsError(map.pointer / "bbox", "expected [minLon, minLat, maxLon, maxLat] with min < max, in degrees")
            }
            return .boundingBox(Box(minX: bbox[0], minY: bbox[1], maxX: bbox[2], maxY: bbox[3]))
        }
        guard let center = try map.numbers("center", count: 2) else {
            throw JobsError(map.pointer, "a map needs a camera: \"center\" [lng, lat] with \"zoom\", or \"bbox\"")
        }
        guard (-180...180).contains(center[0]), (-90...90).contains(center[1]) else {
            throw JobsError(map.pointer / "center", "expected [longitude, latitude] in degrees")
        }
        guard let zoom = try map.number("zoom") else { throw JobsError(map.pointer, "\"center\" needs a \"zoom\"") }
        guard (0...24).contains(zoom) else { throw JobsError(map.pointer / "zoom", "expected a zoom from 0 to 24, found \(formatJSONNumber(zoom))") }
        return .camera(longitude: center[0], latitude: center[1], zoom: zoom, bearing: try map.number("bearing") ?? 0)
    }

    static func resolve(_ path: String, in directory: String) -> String {
        path.hasPrefix("/") || directory.isEmpty || directory == "." ? path : "\(directory)/\(path)"
    }
}

/// The settings a map inherits from `defaults` and may override.
struct MapSettings {
    var width = JobsFile.defaultWidth
    var height = JobsFile.defaultHeight
    var pixelRatio = 1.0
    var format: OutputFormat?
    var layout: String?
    var crs: CRS?

    init() {}

    init(_ members: Members, baseDirectory: String) throws(JobsError) {
        try override(with: members, baseDirectory: baseDirectory)
    }

    mutating func override(with m: Members, baseDirectory: String) throws(JobsError) {
        if let w = try m.number("width") {
            guard w >= 1, w <= 20000 else { throw JobsError(m.pointer / "width", "expected 1 to 20000 CSS pixels") }
            width = w
        }
        if let h = try m.number("height") {
            guard h >= 1, h <= 20000 else { throw JobsError(m.pointer / "height", "expected 1 to 20000 CSS pixels") }
            height = h
        }
        if m["pixelRatio"] != nil && m["pixel-ratio"] != nil {
            throw JobsError(m.pointer / "pixel-ratio", "give pixelRatio or pixel-ratio, not both")
        }
        for key in ["pixelRatio", "pixel-ratio"] {
            guard let r = try m.number(key) else { continue }
            guard r > 0, r <= 8 else { throw JobsError(m.pointer / key, "expected a pixel ratio above 0 and at most 8") }
            pixelRatio = r
        }
        if let f = try m.string("format") {
            guard let parsed = OutputFormat(rawValue: f.lowercased()) else {
                throw JobsError(m.pointer / "format", "expected png, svg or pdf, found \"\(f)\"")
            }
            format = parsed
        }
        if let l = try m.string("layout") { layout = JobsFile.resolve(l, in: baseDirectory) }
        if let c = try m.string("crs") {
            do { crs = try CRS(c) } catch { throw JobsError(m.pointer / "crs", "\(error)") }
        }
    }
}

/// An object's members with typed access; a wrong type or an unknown member is a
/// `JobsError` at its pointer.
struct Members {
    let object: JSONObject
    let pointer: JSONPointer

    init(_ value: JSONValue, at pointer: JSONPointer, allowed: [String]) throws(JobsError) {
        guard case .object(let o) = value else { throw JobsError(pointer, "expected an object, found \(value.typeName)") }
        for key in o.keys where !allowed.contains(key) {
            throw JobsError(pointer / key, "unknown member; expected one of \(allowed.joined(separator: ", "))")
        }
        object = o
        self.pointer = pointer
    }

    subscript(key: String) -> JSONValue? { object[key] }

    func string(_ key: String) throws(JobsError) -> String? {
        guard let v = object[key] else { return nil }
        guard case .string(let s) = v, !s.isEmpty else { throw JobsError(pointer / key, "expected a non-empty string, found \(v.typeName)") }
        return s
    }

    func number(_ key: String) throws(JobsError) -> Double? {
        guard let v = object[key] else { return nil }
        guard case .number(let n) = v, n.isFinite else { throw JobsError(pointer / key, "expected a number, found \(v.typeName)") }
        return n
    }

    func numbers(_ key: String, count: Int) throws(JobsError) -> [Double]? {
        guard let v = object[key] else { return nil }
        guard case .array(let items) = v, items.count == count else {
            throw JobsError(pointer / key, "expected an array of \(count) numbers, found \(v.typeName)")
        }
        var out: [Double] = []
        for (i, item) in items.enumerated() {
            guard case .number(let n) = item, n.isFinite else { throw JobsError(pointer / key / i, "expected a number, found \(item.typeName)") }
            out.append(n)
        }
        return out
    }
}

/// A jobs file that cannot be used: the file, the JSON pointer of the member at fault and
/// what was expected, e.g. `jobs.json: /maps/3/zoom: expected a number, found string`.
public struct JobsError: Error, Sendable, CustomStringConvertible {
    /// The jobs file, once known.
    public var file: String?
    /// The member at fault.
    public var pointer: JSONPointer
    /// What was expected and what was found.
    public var message: String

    /// An error at `pointer`; the file is filled in by whoever read it.
    public init(_ pointer: JSONPointer, _ message: String, file: String? = nil) {
        self.pointer = pointer
        self.message = message
        self.file = file
    }

    /// The one line printed: `file: pointer: message`.
    public var description: String {
        let place = pointer.tokens.isEmpty ? "" : "\(pointer): "
        return (file.map { "\($0): " } ?? "") + place + message
    }
}
