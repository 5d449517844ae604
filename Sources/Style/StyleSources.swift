#if canImport(Glibc)
import Glibc
#endif
import JSON

struct ReadSources {
    var supported: [String: Source] = [:]
    /// Sources of a type Cartouche does not read: their layers are skipped with a warning.
    var unsupported: Set<String> = []
    /// Every source named in the style, read or not: a layer on a source that failed to
    /// read is skipped without a second error.
    var declared: Set<String> = []
}

extension StyleReader {
    static let geojsonSourceKeys: Set<String> = ["type", "data", "maxzoom", "attribution", "buffer", "filter", "tolerance",
                                                 "cluster", "clusterRadius", "clusterMaxZoom", "clusterMinPoints",
                                                 "clusterProperties", "lineMetrics", "generateId", "promoteId", "metadata"]

    mutating func readSources(_ json: JSONValue?, at pointer: JSONPointer, baseDirectory: String) -> ReadSources {
        var result = ReadSources()
        guard let json else {
            error(pointer, "missing; expected an object of sources")
            return result
        }
        guard case .object(let sources) = json else {
            error(pointer, "expected an object of sources, found \(json.typeName)")
            return result
        }
        for entry in sources {
            let at = pointer / entry.key
            result.declared.insert(entry.key)
            guard case .object(let s) = entry.value else {
                error(at, "expected a source object, found \(entry.value.typeName)")
                continue
            }
            guard case .string(let type)? = s["type"] else {
                error(at / "type", s["type"] == nil ? "missing; expected a source type" : "expected a string")
                continue
            }
            if type == "vector" {
                if let source = readVectorSource(entry.key, s, at: at) { result.supported[entry.key] = source }
                continue
            }
            if type == "raster" || type == "raster-dem" {
                if let source = readRasterSource(entry.key, s, dem: type == "raster-dem", at: at) { result.supported[entry.key] = source }
                continue
            }
            guard type == "geojson" else {
                let known = ["image", "video"].contains(type)
                if known && lenientSources {
                    warning(at / "type", "source type \"\(type)\" is not supported; layers using it are skipped")
                    result.unsupported.insert(entry.key)
                } else if known {
                    error(at / "type", "source type \"\(type)\" is not supported")
                } else {
                    error(at / "type", "expected one of vector, raster, raster-dem, geojson, image, video, found \"\(type)\"")
                }
                continue
            }
            for key in s.keys where !Self.geojsonSourceKeys.contains(key) {
                warning(at / key, "unknown source property, ignored")
            }
            if s["cluster"]?.boolValue == true {
                warning(at / "cluster", "clustering is not supported; points are drawn unclustered")
            }
            let data: Source.Data
            switch s["data"] {
            case .string(let path)? where path.contains("://") && !path.hasPrefix("file://"):
                error(at / "data", "remote data (\(path)) is not supported; use inline GeoJSON, a file path or a file: URL")
                continue
            case .string(let path)?:
                let file = Self.resolvePath(path)
                let resolved = file.hasPrefix("/") ? file : "\(baseDirectory)/\(file)"
                if access(resolved, R_OK) != 0 {
                    error(at / "data", "cannot read \(resolved): \(String(cString: strerror(errno)))")
                    continue
                }
                data = .file(file)
            case .object(let o)?: data = .inline(.object(o))
            case nil:
                error(at / "data", "missing; expected a GeoJSON object, a file path or a file: URL")
                continue
            case let v? where !lenientSources:
                error(at / "data", "expected a GeoJSON object, a file path or a file: URL, found \(v.typeName)")
                continue
            case let v?:
                // As in MapLibre, data that is not GeoJSON leaves the source empty.
                warning(at / "data", "expected a GeoJSON object, a file path or a file: URL, found \(v.typeName); the source is empty")
                data = .inline(["type": "FeatureCollection", "features": []])
            }
            var filter: StyleExpression?
            if let f = s["filter"] { filter = compileFilter(f, at: at / "filter") }
            let crs = sourceCRS(s, at: at)
            checkPromoteID(s, at: at)
            let buffer = number(s["buffer"], at: at / "buffer", default: 128)
            if !(0...512).contains(buffer) { error(at / "buffer", "\(formatJSONNumber(buffer)) is not in 0...512") }
            result.supported[entry.key] = Source(
                id: entry.key, data: data, crs: crs,
                maxZoom: number(s["maxzoom"], at: at / "maxzoom", default: 18),
                buffer: buffer,
                tolerance: number(s["tolerance"], at: at / "tolerance", default: 0.375),
                generateID: boolean(s["generateId"], at: at / "generateId"),
                promoteID: s["promoteId"],
                filter: filter,
                lineMetrics: boolean(s["lineMetrics"], at: at / "lineMetrics"),
                metadata: s["metadata"]?.objectValue ?? JSONObject(), json: s)
        }
        return result
    }

    /// `metadata."cartouche:crs"`: the CRS the source's data is in, when given.
    mutating func sourceCRS(_ s: JSONObject, at: JSONPointer) -> String? {
        guard let c = s["metadata"]?["cartouche:crs"] else { return nil }
        if case .string(let text) = c { return text }
        error(at / "metadata" / "cartouche:crs", "expected a CRS string such as \"EPSG:4490\"")
        return nil
    }

    mutating func checkPromoteID(_ s: JSONObject, at: JSONPointer) {
        guard let p = s["promoteId"] else { return }
        switch p {
        case .string: break
        case .object(let o) where o.allSatisfy({ $0.value.stringValue != nil }): break
        default: error(at / "promoteId", "expected a property name or an object of property names, found \(p.brief)")
        }
    }

    mutating func boolean(_ json: JSONValue?, at pointer: JSONPointer) -> Bool {
        guard let json else { return false }
        guard case .bool(let b) = json else {
            error(pointer, "expected boolean, found \(json.brief)")
            return false
        }
        return b
    }

    /// `file:///abs/path`, `file:rel/path` or a plain path (relative ones are resolved
    /// against the style's folder when the data is loaded).
    static func resolvePath(_ text: String) -> String {
        var path = text
        if path.hasPrefix("file://") {
            path = String(path.dropFirst(7))
        } else if path.hasPrefix("file:") {
            path = String(path.dropFirst(5))
        }
        return percentDecoded(path)
    }

    static func percentDecoded(_ s: String) -> String {
        guard s.contains("%") else { return s }
        var bytes: [UInt8] = []
        var it = Array(s.utf8)[...]
        while let b = it.popFirst() {
            if b == UInt8(ascii: "%"), it.count >= 2,
               let v = UInt8(String(decoding: it.prefix(2), as: UTF8.self), radix: 16) {
                bytes.append(v)
                it = it.dropFirst(2)
            } else {
                bytes.append(b)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
