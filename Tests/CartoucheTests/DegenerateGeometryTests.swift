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

    @Test(arguments: ["EPSG:3857", "EPSG:4547", "EPSG:4326"])
    func everyFormatRendersOrFailsCleanly(_ crs: String) throws {
        let renderer = MapRenderer(data: try MapData(style: StyleParser.parse(JSONParser.parse(Self.style))))
        for format in OutputFormat.allCases {
            for extent: MapRequest.Extent in [.styleCamera, .fitData(padding: 10), .boundingBox(Box(minX: 170, minY: -5, maxX: 190, maxY: 5))] {
                do {
                    let bytes = try renderer.render(MapRequest(width: 300, height: 200, crs: crs, extent: extent), format: format)
                    #expect(!bytes.isEmpty)
                } catch {
                    // An extent a CRS cannot show is an error with a message, not a crash.
                    #expect(!"\(error)".isEmpty)
                }
            }
        }
    }
}
