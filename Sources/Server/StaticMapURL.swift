import Geometry
import Render

/// tileserver-gl's static map URLs, read into what to draw:
///
///     /styles/{id}/static/{lon},{lat},{zoom}[@{bearing}[,{pitch}]]/{w}x{h}[@{s}x].{png|svg|pdf}
///     /styles/{id}/static/{minLon},{minLat},{maxLon},{maxLat}/{w}x{h}[@{s}x].{format}
///     /styles/{id}/static/auto/{w}x{h}[@{s}x].{format}
public struct StaticMapURL: Sendable, Equatable {
    /// What the map shows.
    public enum Camera: Sendable, Equatable {
        /// A centre, zoom and bearing.
        case center(longitude: Double, latitude: Double, zoom: Double, bearing: Double)
        /// A longitude/latitude box, shown whole.
        case bounds(Box)
        /// Fitted to the path and markers if there are any, else to all the data.
        case auto
    }
    /// What the map shows.
    public var camera: Camera
    /// Width in CSS pixels.
    public var width: Int
    /// Height in CSS pixels.
    public var height: Int
    /// Pixel ratio (`@2x`); 1 without.
    public var scale: Int
    /// PNG, SVG or PDF, from the extension.
    public var format: OutputFormat

    /// Parses the two segments after `/static/`.
    public init(camera text: String, size: String, maxSize: Int, maxScale: Int) throws(RequestFailure) {
        camera = try Self.camera(text)
        (width, height, scale, format) = try Self.size(size, maxSize: maxSize, maxScale: maxScale)
    }

    static func camera(_ text: String) throws(RequestFailure) -> Camera {
        if text == "auto" { return .auto }
        var main = Substring(text), bearing = 0.0
        if let at = text.firstIndex(of: "@") {
            main = text[..<at]
            let rest = text[text.index(after: at)...].split(separator: ",", omittingEmptySubsequences: false)
            guard (1...2).contains(rest.count) else { throw .badRequest("camera \"\(text)\": expected @bearing or @bearing,pitch") }
            bearing = try number(rest[0], "bearing")
            if rest.count == 2 {
                let pitch = try number(rest[1], "pitch")
                guard pitch == 0 else { throw .badRequest("camera \"\(text)\": pitch \(rest[1]) is not supported; maps are drawn from straight above (pitch 0)") }
            }
        }
        let parts = main.split(separator: ",", omittingEmptySubsequences: false)
        switch parts.count {
        case 3:
            let lon = try number(parts[0], "longitude"), lat = try number(parts[1], "latitude"), zoom = try number(parts[2], "zoom")
            guard (-180...180).contains(lon) else { throw .badRequest("longitude \(parts[0]) is outside -180 to 180") }
            guard (-90...90).contains(lat) else { throw .badRequest("latitude \(parts[1]) is outside -90 to 90") }
            guard (0...24).contains(zoom) else { throw .badRequest("zoom \(parts[2]) is outside 0 to 24") }
            return .center(longitude: lon, latitude: lat, zoom: zoom, bearing: bearing)
        case 4:
            guard bearing == 0 else { throw .badRequest("camera \"\(text)\": a bounding box takes no bearing") }
            let v = try parts.enumerated().map { (i, p) throws(RequestFailure) in try number(p, ["minLon", "minLat", "maxLon", "maxLat"][i]) }
            let box = Box(minX: v[0], minY: v[1], maxX: v[2], maxY: v[3])
            guard v[0] < v[2], v[1] < v[3] else {
                throw .badRequest("bounding box \(main): min must be less than max (minLon,minLat,maxLon,maxLat)")
            }
            guard v[0] >= -180, v[2] <= 180, v[1] >= -90, v[3] <= 90 else {
                throw .badRequest("bounding box \(main): longitudes must be within -180 to 180 and latitudes -90 to 90")
            }
            return .bounds(box)
        default:
            throw .badRequest("camera \"\(text.prefix(80))\": expected lon,lat,zoom[@bearing], minLon,minLat,maxLon,maxLat or auto")
        }
    }

    /// `800x600`, `800x600@2x`, then `.png`, `.svg` or `.pdf`.
    static func size(_ text: String, maxSize: Int, maxScale: Int) throws(RequestFailure)
        -> (Int, Int, Int, OutputFormat) {
        guard let dot = text.lastIndex(of: "."), let format = OutputFormat(rawValue: String(text[text.index(after: dot)...])) else {
            throw .badRequest("\"\(text.prefix(80))\": expected WIDTHxHEIGHT[@Nx].png, .svg or .pdf")
        }
        var dims = text[..<dot], scale = 1
        if let at = dims.firstIndex(of: "@") {
            let s = dims[dims.index(after: at)...]
            guard s.hasSuffix("x"), let n = Int(s.dropLast()), n >= 1 else {
                throw .badRequest("\"\(text.prefix(80))\": the scale is written @2x")
            }
            guard n <= maxScale else { throw .badRequest("scale @\(n)x is over the limit of @\(maxScale)x") }
            scale = n
            dims = dims[..<at]
        }
        let wh = dims.split(separator: "x", omittingEmptySubsequences: false)
        guard wh.count == 2, let w = Int(wh[0]), let h = Int(wh[1]), wh[0].allSatisfy(\.isASCII), wh[1].allSatisfy(\.isASCII) else {
            throw .badRequest("\"\(text.prefix(80))\": expected WIDTHxHEIGHT in whole pixels")
        }
        guard w >= 1, h >= 1, w <= maxSize, h <= maxSize else {
            throw .badRequest("size \(wh[0])x\(wh[1]) is out of range: each side must be 1 to \(maxSize) pixels (this server's limit)")
        }
        return (w, h, scale, format)
    }

    /// A finite decimal number; `nan`, `inf` and hexadecimal are refused.
    static func number(_ text: Substring, _ what: String) throws(RequestFailure) -> Double {
        guard !text.isEmpty, text.count <= 32,
              text.allSatisfy({ $0.isASCII && ($0.isNumber || "+-.eE".contains($0)) }),
              let v = Double(text), v.isFinite else {
            throw .badRequest("\(what) \"\(text.prefix(40))\" is not a number")
        }
        return v
    }

    /// Style ids and layout names: letters, digits, `-`, `_` and `.`, not `.` or `..`.
    public static func isSafeIdentifier(_ s: String) -> Bool {
        !s.isEmpty && s.utf8.count <= 128 && s != "." && s != ".."
            && s.unicodeScalars.allSatisfy { ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) || "-_.".unicodeScalars.contains($0) }
    }
}
