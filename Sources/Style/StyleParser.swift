import JSON

/// Reads a style document: checks it against the specification, compiles every filter and
/// property, and reports each problem with a JSON pointer. Errors stop the load; unknown
/// or unsupported things are warnings and are skipped, as MapLibre does.
public enum StyleParser {
    /// Loads a style file. Relative data paths in it are resolved against its folder.
    /// A source of a type Cartouche cannot draw is an error, unless `lenientSources` makes
    /// it a warning and leaves its layers out (MapLibre's way, where a map may lack a layer).
    public static func load(path: String, lenientSources: Bool = false) throws -> Style {
        let json = try JSONParser.parse(contentsOf: path)
        do {
            return try parse(json, baseDirectory: directory(of: path), lenientSources: lenientSources)
        } catch {
            var error = error
            error.file = path
            throw error
        }
    }

    /// Checks and compiles a style document already parsed; relative paths are taken from
    /// `baseDirectory`. Every error is reported at once; `lenientSources` makes a source of a type
    /// Cartouche cannot draw a warning, its layers left out.
    public static func parse(_ json: JSONValue, baseDirectory: String = ".", lenientSources: Bool = false) throws(StyleError) -> Style {
        var reader = StyleReader()
        reader.lenientSources = lenientSources
        let style = reader.read(json, baseDirectory: baseDirectory)
        if let style, !reader.diagnostics.contains(where: { $0.severity == .error }) {
            return style
        }
        throw StyleError(file: nil, diagnostics: reader.diagnostics)
    }

    /// Every diagnostic for a style, errors and warnings, without stopping at the first.
    public static func validate(_ json: JSONValue, baseDirectory: String = ".", lenientSources: Bool = false) -> [StyleDiagnostic] {
        var reader = StyleReader()
        reader.lenientSources = lenientSources
        _ = reader.read(json, baseDirectory: baseDirectory)
        return reader.diagnostics
    }

    /// The folder of a style file, which its relative data paths are resolved against.
    public static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }
}

/// The walk over a style document, collecting diagnostics as it goes.
struct StyleReader {
    var diagnostics: [StyleDiagnostic] = []
    /// Sources that cannot be drawn are warnings (their layers left out), not errors.
    var lenientSources = false

    mutating func error(_ pointer: JSONPointer, _ message: String) {
        diagnostics.append(StyleDiagnostic(.error, pointer.description, message))
    }

    mutating func warning(_ pointer: JSONPointer, _ message: String) {
        diagnostics.append(StyleDiagnostic(.warning, pointer.description, message))
    }

    static let rootKeys: Set<String> = ["version", "name", "metadata", "center", "zoom", "bearing", "pitch", "sources",
                                        "sprite", "glyphs", "transition", "layers", "light", "terrain", "sky",
                                        "projection", "state", "centerAltitude", "roll", "font-faces"]

    mutating func read(_ json: JSONValue, baseDirectory: String) -> Style? {
        let root = JSONPointer.root
        guard case .object(let doc) = json else {
            error(root, "expected a style object, found \(json.typeName)")
            return nil
        }
        switch doc["version"] {
        case .number(8)?: break
        case nil: error(root / "version", "missing; expected 8")
        case let v?: error(root / "version", "expected 8, found \(v.brief)")
        }
        for key in doc.keys where !Self.rootKeys.contains(key) {
            warning(root / key, "unknown property, ignored")
        }
        var center = (longitude: 0.0, latitude: 0.0)
        if let c = doc["center"] {
            if case .array(let a) = c, a.count == 2, let lon = a[0].numberValue, let lat = a[1].numberValue,
               lat >= -90, lat <= 90 {
                center = (lon, lat)
            } else {
                error(root / "center", "expected [longitude, latitude] with latitude in -90...90, found \(c.brief)")
            }
        }
        let zoom = number(doc["zoom"], at: root / "zoom", default: 0)
        let bearing = number(doc["bearing"], at: root / "bearing", default: 0)
        if let pitch = doc["pitch"]?.numberValue, pitch != 0 {
            warning(root / "pitch", "static maps are drawn from straight above; pitch \(formatJSONNumber(pitch)) is ignored")
        }
        var metadata = JSONObject()
        if let m = doc["metadata"] {
            if case .object(let o) = m { metadata = o } else { error(root / "metadata", "expected object, found \(m.typeName)") }
        }
        let sources = readSources(doc["sources"], at: root / "sources", baseDirectory: baseDirectory)
        let layers = readLayers(doc["layers"], at: root / "layers", sources: sources)
        let glyphs = localGlyphs(doc["glyphs"], at: root / "glyphs", baseDirectory: baseDirectory)
        let sprites = readSprite(doc["sprite"], at: root / "sprite")
        var style = Style(name: doc["name"]?.stringValue, center: center, zoom: zoom, bearing: bearing,
                          sources: sources.supported, layers: layers, metadata: metadata,
                          baseDirectory: baseDirectory, warnings: diagnostics.filter { $0.severity == .warning })
        style.glyphs = glyphs
        style.sprites = sprites
        return style
    }

    mutating func number(_ json: JSONValue?, at pointer: JSONPointer, default value: Double) -> Double {
        guard let json else { return value }
        guard case .number(let n) = json else {
            error(pointer, "expected number, found \(json.brief)")
            return value
        }
        return n
    }
}
