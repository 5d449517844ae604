import Foundation
import Testing
@testable import Cartouche

/// Degenerate geometry is drawn or skipped, never a crash: empty geometries, rings of two
/// points, self-intersecting polygons, repeated points, coordinates far outside the map
/// CRS's area (or beyond the poles), numbers that overflow a Double, antimeridian crossings;
/// through every layer type, in a CRS that covers the world and one that covers 3°.
@Suite("Degenerate geometry")
struct DegenerateGeometryTests {
    static let geometries: [String] = [
        #"{"type": "Point", "coordinates": []}"#,
        #"{"type": "MultiPoint", "coordinates": []}"#,
        #"{"type": "LineString", "coordinates": []}"#,
        #"{"type": "LineString", "coordinates": [[114, 33.5]]}"#,
        #"{"type": "MultiLineString", "coordinates": [[], [[114, 33.5]]]}"#,
        #"{"type": "Polygon", "coordinates": []}"#,
        #"{"type": "Polygon", "coordinates": [[]]}"#,
        #"{"type": "Polygon", "coordinates": [[[114, 33.5], [114.1, 33.5]]]}"#,
        #"{"type": "Polygon", "coordinates": [[[114, 33.5], [114.1, 33.5], [114, 33.5], [114, 33.5]]]}"#,
        #"{"type": "MultiPolygon", "coordinates": [[], [[]]]}"#,
        #"{"type": "GeometryCollection", "geometries": []}"#,
        #"{"type": "GeometryCollection", "geometries": [{"type": "GeometryCollection", "geometries": []}]}"#,
        // Self-intersecting (a bow tie) and with a hole outside its shell.
        #"{"type": "Polygon", "coordinates": [[[113.9, 33.5], [114.1, 33.6], [114.1, 33.5], [113.9, 33.6], [113.9, 33.5]]]}"#,
        #"{"type": "Polygon", "coordinates": [[[113.9, 33.5], [114, 33.5], [114, 33.6], [113.9, 33.5]], [[115, 35], [115.1, 35], [115.1, 35.1], [115, 35]]]}"#,
        // Every point the same.
        #"{"type": "LineString", "coordinates": [[114, 33.5], [114, 33.5], [114, 33.5]]}"#,
        #"{"type": "Polygon", "coordinates": [[[114, 33.5], [114, 33.5], [114, 33.5], [114, 33.5]]]}"#,
        // Out of every area, past the poles, and overflowing.
        #"{"type": "Point", "coordinates": [1e300, -1e300]}"#,
        #"{"type": "LineString", "coordinates": [[114, 33.5], [114, 95], [114, -95], [400, 33]]}"#,
        #"{"type": "Polygon", "coordinates": [[[-180, -90], [180, -90], [180, 90], [-180, 90], [-180, -90]]]}"#,
        #"{"type": "Point", "coordinates": [1e400, 0]}"#,
        #"{"type": "LineString", "coordinates": [[114, 33.5], [-1e999, 33.5]]}"#,
        // Across the antimeridian.
        #"{"type": "LineString", "coordinates": [[179, 0], [-179, 0]]}"#,
        #"{"type": "Polygon", "coordinates": [[[179, -1], [-179, -1], [-179, 1], [179, 1], [179, -1]]]}"#,
        #"{"type": "LineString", "coordinates": [[170, 0], [190, 0], [530, 0]]}"#,
        // A sane one, so that something is drawn.
        #"{"type": "LineString", "coordinates": [[113.9, 33.5], [114.1, 33.65]]}"#,
    ]

    static var style: String {
        let features = geometries.map { #"{"type": "Feature", "properties": {"name": "名称"}, "geometry": \#($0)}"# }
        return """
        {"version": 8, "center": [114.0, 33.58], "zoom": 10,
         "sources": {"s": {"type": "geojson", "data": {"type": "FeatureCollection", "features": [\(features.joined(separator: ",\n"))]}}},
         "layers": [
          {"id": "fill", "type": "fill", "source": "s", "paint": {"fill-color": "green", "fill-outline-color": "black"}},
          {"id": "line", "type": "line", "source": "s", "paint": {"line-width": 3, "line-dasharray": [2, 1]}},
          {"id": "circle", "type": "circle", "source": "s"},
          {"id": "point-labels", "type": "symbol", "source": "s", "layout": {"text-field": ["get", "name"]}},
          {"id": "line-labels", "type": "symbol", "source": "s", "layout": {"text-field": ["get", "name"], "symbol-placement": "line"}}
         ]}
        """
    }

    @Test func theReaderKeepsWhatGeoJSONAllowsAndSaysWhatItSkipped() throws {
        let data = try MapData(style: StyleParser.parse(JSONParser.parse(Self.style)))
        let table = try #require(data.tables()["s"])
        #expect(table.count > 0)
        // Two-point rings, unclosed rings and numbers beyond a Double are not GeoJSON.
        #expect(data.warnings.contains { $0.contains("skipped") })
    }

    /// The sane line, drawn in every CRS and extent that shows it: the degenerate features
    /// beside it in the same source and layers hide nothing, and every format is written.
    @Test(arguments: ["EPSG:3857", "EPSG:4547", "EPSG:4326"])
    func theSaneLineIsDrawnInEveryFormat(_ crs: String) throws {
        let renderer = MapRenderer(data: try MapData(style: StyleParser.parse(JSONParser.parse(Self.style))))
        let toMap = try Transformer(from: .wgs84, to: CRS(crs))
        for extent: MapRequest.Extent in [.styleCamera, .fitData(padding: 10), .boundingBox(Box(minX: 170, minY: -5, maxX: 190, maxY: 5))] {
            let request = try MapRequest(width: 300, height: 200, crs: CRS(crs), extent: extent)
            let (frame, _) = try renderer.frame(for: request)
            let scene = try renderer.scene(for: request)
            // The sane line's middle, where its stroke must pass.
            let middle = try #require(toMap.transform(x: 114.0, y: 33.575))
            let p = frame.transform.apply(middle.x, middle.y)
            // Fitting the world's worth of degenerate coordinates zooms out below 0, where no
            // layer shows (minzoom 0 ≤ zoom is false), as in MapLibre's filter of layers.
            let shown = p.x > 0 && p.x < 300 && p.y > 0 && p.y < 200 && frame.zoom >= 0
            if shown {
                let line = try #require(scene.layers.first { $0.id == "line" }, "\(crs) \(extent)")
                #expect(Self.segmentPasses(line.paths, near: p), "\(crs) \(extent): the stroke misses (\(p.x), \(p.y))")
            }
            for format in OutputFormat.allCases {
                let bytes = try renderer.render(request, format: format).bytes
                #expect(bytes.count > 100, "\(crs) \(extent) \(format)")
            }
        }
    }

    /// Whether some segment of the paths passes within 2 px of `p`.
    static func segmentPasses(_ paths: PathBuffer, near p: (x: Double, y: Double)) -> Bool {
        for s in 0..<paths.subpathCount {
            let r = paths.points(of: s)
            for i in r.dropLast() {
                let ax = paths.points[2 * i], ay = paths.points[2 * i + 1]
                let bx = paths.points[2 * i + 2], by = paths.points[2 * i + 3]
                let dx = bx - ax, dy = by - ay
                let t = max(0, min(1, ((p.x - ax) * dx + (p.y - ay) * dy) / max(dx * dx + dy * dy, 1e-12)))
                if hypot(ax + t * dx - p.x, ay + t * dy - p.y) < 2 { return true }
            }
        }
        return false
    }
}
