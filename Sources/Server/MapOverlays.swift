import Geometry
import Projection
import Render
import Style

/// Lines and markers drawn over a static map, from tileserver-gl's query parameters:
///
///     path=[stroke:COLOUR|width:W|fill:COLOUR|]lon,lat|lon,lat|...
///     marker=lon,lat[|color:COLOUR][|radius:R]
///
/// Colours are CSS colours (`red`, `#e31a1c`, `rgba(...)`; `#` written `%23`). Marker icons
/// (tileserver-gl's `|icon.png`) are not supported: the server reads no file a request names.
public struct MapOverlays: Sendable {
    /// A line (or a polygon, when filled) through longitude/latitude points.
    public struct Path: Sendable {
        /// The points, longitude first, in degrees.
        public var points: [(Double, Double)]
        /// The line colour (`stroke:`).
        public var stroke = Color(r: 0, g: 0.25, b: 0.85, a: 0.85)
        /// The line width in CSS pixels (`width:`).
        public var width = 3.0
        /// The fill colour (`fill:`), which closes the path into a polygon; nil for a line.
        public var fill: Color?
    }
    /// A disc at a longitude/latitude point.
    public struct Marker: Sendable {
        /// The point, in degrees.
        public var longitude, latitude: Double
        /// The disc's colour (`color:`).
        public var color = Color(r: 0.89, g: 0.1, b: 0.11)
        /// The disc's radius in CSS pixels (`radius:`).
        public var radius = 7.0
    }
    /// The `path` parameters, drawn in order.
    public var paths: [Path] = []
    /// The `marker` parameters, drawn over the paths.
    public var markers: [Marker] = []

    /// The most positions the paths and markers of one request may have together.
    public static let maxPoints = 10_000

    /// Whether the request draws nothing over the map.
    public var isEmpty: Bool { paths.isEmpty && markers.isEmpty }

    /// Reads the values of the `path` and `marker` parameters; a malformed one is a 400 naming
    /// it.
    public init(paths: [String], markers: [String]) throws(RequestFailure) {
        var total = 0
        for text in paths {
            var path = Path(points: [])
            for part in text.split(separator: "|") {
                if let colon = part.firstIndex(of: ":") {
                    let key = part[..<colon], value = String(part[part.index(after: colon)...])
                    switch key {
                    case "stroke": path.stroke = try Self.color(value, "path stroke")
                    case "fill": path.fill = try Self.color(value, "path fill")
                    case "width":
                        let w = try StaticMapURL.number(Substring(value), "path width")
                        guard (0...100).contains(w) else { throw .badRequest("path width \(value) is outside 0 to 100") }
                        path.width = w
                    default: throw .badRequest("path: unknown option \"\(key.prefix(40))\"; expected stroke:, width: or fill:")
                    }
                } else {
                    let point = try Self.position(part, "path")
                    path.points.append(point)
                    total += 1
                }
            }
            guard path.points.count >= 2 else { throw .badRequest("path: expected at least two lon,lat positions separated by |") }
            self.paths.append(path)
        }
        for text in markers {
            let parts = text.split(separator: "|")
            guard let first = parts.first else { throw .badRequest("marker: expected lon,lat") }
            let p = try Self.position(first, "marker")
            var marker = Marker(longitude: p.0, latitude: p.1)
            for option in parts.dropFirst() {
                guard let colon = option.firstIndex(of: ":") else {
                    throw .badRequest("marker: icons (\"\(option.prefix(40))\") are not supported; use color: and radius:")
                }
                let key = option[..<colon], value = String(option[option.index(after: colon)...])
                switch key {
                case "color": marker.color = try Self.color(value, "marker color")
                case "radius":
                    let r = try StaticMapURL.number(Substring(value), "marker radius")
                    guard (1...100).contains(r) else { throw .badRequest("marker radius \(value) is outside 1 to 100") }
                    marker.radius = r
                default: throw .badRequest("marker: unknown option \"\(key.prefix(40))\"; expected color: or radius:")
                }
            }
            self.markers.append(marker)
            total += 1
        }
        guard total <= Self.maxPoints else { throw .badRequest("path and marker have \(total) positions, more than \(Self.maxPoints)") }
    }

    static func position(_ text: Substring, _ what: String) throws(RequestFailure) -> (Double, Double) {
        let xy = text.split(separator: ",", omittingEmptySubsequences: false)
        guard xy.count == 2 else { throw .badRequest("\(what): expected lon,lat, found \"\(text.prefix(40))\"") }
        let lon = try StaticMapURL.number(xy[0], "\(what) longitude"), lat = try StaticMapURL.number(xy[1], "\(what) latitude")
        guard (-180...180).contains(lon), (-90...90).contains(lat) else {
            throw .badRequest("\(what): \(text.prefix(40)) is not a longitude,latitude")
        }
        return (lon, lat)
    }

    static func color(_ text: String, _ what: String) throws(RequestFailure) -> Color {
        guard let c = Color(css: text) else { throw .badRequest("\(what) \"\(text.prefix(40))\" is not a CSS colour") }
        return c
    }

    /// Longitude/latitude box of every position.
    public var bounds: Box {
        var box = Box.empty
        for p in paths { for (x, y) in p.points { box.extend(x: x, y: y) } }
        for m in markers { box.extend(x: m.longitude, y: m.latitude) }
        return box
    }

    /// Scene layers for the frame: paths, then markers on top.
    public func layers(in frame: MapFrame) throws -> [SceneLayer] {
        let t = try Transformer(from: .wgs84, to: frame.crs)
        let device = frame.transform
        let k = frame.pixelRatio
        func pixel(_ lon: Double, _ lat: Double) -> (Double, Double)? {
            guard let m = t.transform(x: lon, y: lat) else { return nil }
            let p = device.apply(m.x, m.y)
            return (p.x, p.y)
        }
        var lines = SceneLayer(id: "overlay-paths")
        for path in paths {
            let xy = path.points.compactMap { pixel($0.0, $0.1) }
            guard xy.count >= 2 else { continue }
            if let fill = path.fill {
                let i = lines.paths.subpathCount
                lines.paths.addPolyline(xy, closed: true)
                lines.commands.append(.fill(subpaths: i..<(i + 1), paint: FillPaint(color: fill)))
            }
            let i = lines.paths.subpathCount
            lines.paths.addPolyline(xy, closed: false)
            lines.commands.append(.stroke(subpaths: i..<(i + 1), paint: StrokePaint(color: path.stroke, width: path.width * k,
                                                                                 cap: .round, join: .round)))
        }
        var dots = SceneLayer(id: "overlay-markers")
        for m in markers {
            guard let p = pixel(m.longitude, m.latitude) else { continue }
            dots.commands.append(.circle(x: p.0, y: p.1, paint: CirclePaint(radius: m.radius * k, color: m.color,
                                                                             strokeWidth: 2 * k, strokeColor: Color(r: 1, g: 1, b: 1))))
        }
        return [lines, dots]
    }
}
