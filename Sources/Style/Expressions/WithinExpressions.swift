#if canImport(Glibc)
import Glibc
#endif
import Geometry
import JSON

/// `["within", geojson]`: whether the feature lies strictly inside the polygons given (a
/// Polygon, a MultiPolygon, or a Feature or FeatureCollection of them). Points must all be
/// inside, lines must have every vertex inside and cross no edge; other geometry is never
/// within. As in MapLibre, straight edges are straight in Web Mercator, so both sides are
/// tested in Mercator coordinates made from the feature's longitude/latitude.
final class Within: StyleExpression, @unchecked Sendable {
    typealias Point = (x: Double, y: Double)
    typealias Polygon = [[Point]]

    let polygons: [Polygon]
    let bounds: Box

    init(polygons: [Polygon]) {
        self.polygons = polygons
        var box = Box.empty
        for polygon in polygons {
            for point in polygon.first ?? [] { box.extend(x: point.x, y: point.y) }
        }
        bounds = box
        super.init(type: .boolean)
    }

    override var isNeverConstant: Bool { true }
    override var dependencies: Dependencies { [.feature, .geographicGeometry] }

    override func evaluate(_ ctx: EvaluationContext) throws(EvaluationError) -> Value {
        guard let feature = ctx.feature else { return .bool(false) }
        let table = feature.source.geographic
        let parts = table.parts(of: feature.row)
        guard !parts.isEmpty else { return .bool(false) }
        let kind = table.partKinds[parts.lowerBound]
        guard kind != .polygon, parts.allSatisfy({ table.partKinds[$0] == kind }) else { return .bool(false) }
        for part in parts {
            for ring in table.rings(of: part) {
                let points = table.points(of: ring).map { Within.mercator(table.x($0), table.y($0)) }
                // Outside the polygons' bounding box nothing is within.
                guard points.allSatisfy({ bounds.contains(x: $0.x, y: $0.y) }) else { return .bool(false) }
                let inside = kind == .point
                    ? points.allSatisfy { point in polygons.contains { Within.contains($0, point) } }
                    : polygons.contains { Within.contains($0, line: points) }
                if !inside { return .bool(false) }
            }
        }
        return .bool(true)
    }

    /// Longitude/latitude in degrees to Web Mercator on the unit sphere (radians).
    static func mercator(_ longitude: Double, _ latitude: Double) -> Point {
        let lat = max(min(latitude, 85.051129), -85.051129) * .pi / 180
        return (longitude * .pi / 180, log(tan(.pi / 4 + lat / 2)))
    }

    /// Even-odd rule; a point on an edge is outside.
    static func contains(_ polygon: Polygon, _ p: Point) -> Bool {
        var inside = false
        for ring in polygon where ring.count > 1 {
            for j in 0..<(ring.count - 1) {
                let a = ring[j], b = ring[j + 1]
                if isOnSegment(p, a, b) { return false }
                if (a.y > p.y) != (b.y > p.y), p.x < (b.x - a.x) * (p.y - a.y) / (b.y - a.y) + a.x {
                    inside.toggle()
                }
            }
        }
        return inside
    }

    static func isOnSegment(_ p: Point, _ a: Point, _ b: Point) -> Bool {
        let x1 = p.x - a.x, y1 = p.y - a.y, x2 = p.x - b.x, y2 = p.y - b.y
        return x1 * y2 - x2 * y1 == 0 && x1 * x2 <= 0 && y1 * y2 <= 0
    }

    /// Every vertex inside and no segment crossing an edge of the polygon.
    static func contains(_ polygon: Polygon, line: [Point]) -> Bool {
        guard line.allSatisfy({ contains(polygon, $0) }) else { return false }
        for i in 0..<max(0, line.count - 1) {
            for ring in polygon where ring.count > 1 {
                for j in 0..<(ring.count - 1) where segmentsCross(line[i], line[i + 1], ring[j], ring[j + 1]) {
                    return false
                }
            }
        }
        return true
    }

    /// Whether a→b and c→d cross, each having its ends on both sides of the other;
    /// parallel segments do not cross.
    static func segmentsCross(_ a: Point, _ b: Point, _ c: Point, _ d: Point) -> Bool {
        let p = (x: b.x - a.x, y: b.y - a.y), q = (x: d.x - c.x, y: d.y - c.y)
        if q.x * p.y - q.y * p.x == 0 { return false }
        return onBothSides(a, b, of: c, d) && onBothSides(c, d, of: a, b)
    }

    static func onBothSides(_ p1: Point, _ p2: Point, of q1: Point, _ q2: Point) -> Bool {
        let x3 = q2.x - q1.x, y3 = q2.y - q1.y
        let det1 = (p1.x - q1.x) * y3 - x3 * (p1.y - q1.y)
        let det2 = (p2.x - q1.x) * y3 - x3 * (p2.y - q1.y)
        return (det1 > 0 && det2 < 0) || (det1 < 0 && det2 > 0)
    }

    /// The polygons of a GeoJSON Polygon, MultiPolygon, Feature or FeatureCollection, in
    /// Mercator coordinates; nil if it holds none.
    static func polygons(in geojson: JSONObject) -> [Polygon]? {
        func rings(_ json: JSONValue?) -> Polygon? {
            guard case .array(let rings)? = json else { return nil }
            var polygon: Polygon = []
            for ring in rings {
                guard case .array(let positions) = ring else { return nil }
                var points: [Point] = []
                for position in positions {
                    guard case .array(let c) = position, c.count >= 2, let x = c[0].numberValue, let y = c[1].numberValue else {
                        return nil
                    }
                    points.append(mercator(x, y))
                }
                polygon.append(points)
            }
            return polygon
        }
        func geometry(_ g: JSONObject?) -> [Polygon] {
            switch g?["type"]?.stringValue {
            case "Polygon": return rings(g?["coordinates"]).map { [$0] } ?? []
            case "MultiPolygon": return (g?["coordinates"]?.arrayValue ?? []).compactMap { rings($0) }
            default: return []
            }
        }
        let found: [Polygon]
        switch geojson["type"]?.stringValue {
        case "FeatureCollection":
            found = (geojson["features"]?.arrayValue ?? []).flatMap { geometry($0["geometry"]?.objectValue) }
        case "Feature":
            found = geometry(geojson["geometry"]?.objectValue)
        default:
            found = geometry(geojson)
        }
        return found.isEmpty ? nil : found
    }
}

extension Operators {
    static let withinOperators: [String: Parser] = [
        "within": { (ctx: inout ParsingContext, args) throws(ExpressionError) in
            guard args.count == 2 else {
                throw ctx.error("'within' expression requires exactly one argument, but found \(args.count - 1) instead.")
            }
            guard case .object(let geojson) = args[1], let polygons = Within.polygons(in: geojson) else {
                throw ctx.error("'within' expression requires valid geojson object that contains polygon geometry type.")
            }
            return Within(polygons: polygons)
        },
    ]
}
