import Cartouche
import JSON

/// What `cartouche serve` serves and how: styles by id, page layouts by name, the CRSs WMS
/// offers, and the limits that keep one client from taking the server.
public struct ServerConfiguration: Sendable {
    /// Style id → style file. The id is the file's name without `.json` unless the config
    /// names it.
    public var styles: [(id: String, path: String)] = []
    /// Layout name → page layout file, for `?layout=NAME`. Only these files are read: a
    /// request names a layout, never a path.
    public var layouts: [String: String] = [:]
    /// CRSs offered in WMS GetCapabilities (GetMap takes any CRS PROJ knows).
    public var wmsCRS: [String] = ["EPSG:3857", "EPSG:4326", "CRS:84"]
    /// The address to listen on; only this machine by default.
    public var bind = "127.0.0.1"
    /// The port to listen on.
    public var port = 8080
    /// Largest width or height of a static map or WMS image, CSS pixels.
    public var maxSize = 4096
    /// Largest pixel ratio (`@3x`).
    public var maxScale = 4
    /// Maps drawn at once (default: the cores).
    public var renderSlots = Parallel.cores
    /// Requests waiting for a slot beyond which the server answers 503.
    public var queueLength = 64
    /// Seconds a request may wait and render before it is answered with 503.
    public var timeLimit = 30.0
    /// Bytes of rendered images kept in memory.
    public var cacheBytes = 256 << 20
    /// `Cache-Control: max-age` of maps and tiles, seconds.
    public var maxAge = 3600
    /// Tiles on a side of a metatile.
    public var metatileSize = 4
    /// Highest tile zoom served.
    public var maxZoom = 20
    /// Longest request target (path and query), bytes.
    public var maxURILength = 8192
    /// Seconds a connection may stay idle (slow clients are closed).
    public var idleTimeout = 30.0

    /// The defaults, with no style.
    public init() {}

    /// Reads a config file (JSON):
    /// `{"styles": {"id": "path"}, "layouts": {"name": "path"}, "wms": {"crs": [...]}, "maxSize": 4096, ...}`.
    /// Paths are relative to the file.
    public mutating func read(path: String) throws {
        let root = try JSONParser.parse(contentsOf: path)
        guard case .object(let o) = root else { throw ConfigError("\(path): expected a JSON object") }
        let base = path.lastIndex(of: "/").map { String(path[..<$0]) } ?? "."
        func resolve(_ p: String) -> String { p.hasPrefix("/") ? p : "\(base)/\(p)" }
        for entry in o {
            let pointer = "/\(entry.key)"
            switch entry.key {
            case "styles":
                guard case .object(let s) = entry.value else { throw ConfigError("\(path): \(pointer): expected an object of id: path") }
                for e in s {
                    guard let p = e.value.stringValue else { throw ConfigError("\(path): \(pointer)/\(e.key): expected a file path") }
                    styles.append((e.key, resolve(p)))
                }
            case "layouts":
                guard case .object(let s) = entry.value else { throw ConfigError("\(path): \(pointer): expected an object of name: path") }
                for e in s {
                    guard let p = e.value.stringValue else { throw ConfigError("\(path): \(pointer)/\(e.key): expected a file path") }
                    layouts[e.key] = resolve(p)
                }
            case "wms":
                guard case .array(let crs)? = entry.value["crs"], crs.allSatisfy({ $0.stringValue != nil }) else {
                    throw ConfigError("\(path): /wms/crs: expected an array of CRS names")
                }
                wmsCRS = crs.compactMap(\.stringValue)
            case "bind":
                guard let b = entry.value.stringValue else { throw ConfigError("\(path): \(pointer): expected a string") }
                bind = b
            default:
                guard let n = entry.value.numberValue, n.isFinite, n >= 0 else {
                    throw ConfigError("\(path): \(pointer): expected a number")
                }
                switch entry.key {
                case "port": port = Int(n)
                case "maxSize": maxSize = Int(n)
                case "maxScale": maxScale = Int(n)
                case "renderSlots": renderSlots = max(1, Int(n))
                case "queueLength": queueLength = Int(n)
                case "timeLimit": timeLimit = n
                case "cacheBytes": cacheBytes = Int(n)
                case "maxAge": maxAge = Int(n)
                case "metatileSize": metatileSize = max(1, Int(n))
                case "maxZoom": maxZoom = min(24, Int(n))
                case "idleTimeout": idleTimeout = n
                default: throw ConfigError("\(path): \(pointer): unknown member")
                }
            }
        }
    }

    /// A style id from a file name: `Styles/yuanhui.json` → `yuanhui`.
    public static func styleID(forPath path: String) -> String {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        return name.hasSuffix(".json") ? String(name.dropLast(5)) : name
    }
}

/// A config file or option that cannot be used: what is wrong, in one line.
public struct ConfigError: Error, Sendable, CustomStringConvertible {
    /// The message.
    public var message: String
    /// An error with its message.
    public init(_ message: String) { self.message = message }
    /// The message.
    public var description: String { message }
}
