import Testing
import Geometry
@testable import Cartouche

/// Sources whose data is not in WGS84, declared by `metadata."cartouche:crs"`, drawn on a
/// map in a third CRS.
@Suite("Source data in other CRSs")
struct SourceCRSTests {
    /// The district centre and a village, in WGS84, in CGCS2000 geographic (EPSG:4490, the
    /// same numbers to a few centimetres) and already projected to EPSG:4547 (the centre's
    /// easting/northing pinned, the village's from `cs2cs`), and as Amap (GCJ-02) and Baidu
    /// (BD-09) give them.
    static let style = """
    {"version": 8, "center": [114.0, 33.58], "zoom": 11,
     "sources": {
      "wgs84": {"type": "geojson", "data": {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {}, "geometry": {"type": "Point", "coordinates": [114.02, 33.57]}},
        {"type": "Feature", "properties": {}, "geometry": {"type": "Point", "coordinates": [113.95, 33.6]}}]}},
      "cgcs2000": {"type": "geojson", "metadata": {"cartouche:crs": "EPSG:4490"}, "data": {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {}, "geometry": {"type": "Point", "coordinates": [114.02, 33.57]}},
        {"type": "Feature", "properties": {}, "geometry": {"type": "Point", "coordinates": [113.95, 33.6]}}]}},
      "gauss-kruger": {"type": "geojson", "metadata": {"cartouche:crs": "urn:ogc:def:crs:EPSG::4547"}, "data": {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {}, "geometry": {"type": "Point", "coordinates": [501856.9537, 3715966.6617]}},
        {"type": "Feature", "properties": {}, "geometry": {"type": "Point", "coordinates": [1e20, 1e20]}},
        {"type": "Feature", "properties": {}, "geometry": {"type": "Point", "coordinates": [495359.2219, 3719295.0504]}}]}},
      "gcj02": {"type": "geojson", "metadata": {"cartouche:crs": "GCJ-02"}, "data": {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {}, "geometry": {"type": "Point", "coordinates": [114.02593305, 33.5685181]}},
        {"type": "Feature", "properties": {}, "geometry": {"type": "Point", "coordinates": [113.95575968, 33.59833479]}}]}},
      "bd09": {"type": "geojson", "metadata": {"cartouche:crs": "bd09"}, "data": {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {}, "geometry": {"type": "Point", "coordinates": [114.03239264, 33.57458476]}},
        {"type": "Feature", "properties": {}, "geometry": {"type": "Point", "coordinates": [113.96232639, 33.60410237]}}]}}
     },
     "layers": [
      {"id": "wgs84", "type": "circle", "source": "wgs84"},
      {"id": "cgcs2000", "type": "circle", "source": "cgcs2000"},
      {"id": "gauss-kruger", "type": "circle", "source": "gauss-kruger"},
      {"id": "gcj02", "type": "circle", "source": "gcj02"},
      {"id": "bd09", "type": "circle", "source": "bd09"}
     ]}
    """

    static func data() throws -> MapData {
        try MapData(style: StyleParser.parse(JSONParser.parse(style)))
    }

    @Test func eachSourceIsReadInItsOwnCRS() throws {
        let data = try Self.data()
        #expect(data.sourceCRS["wgs84"] == .wgs84)
        #expect(data.sourceCRS["cgcs2000"]?.definition == "EPSG:4490")
        #expect(data.sourceCRS["gauss-kruger"]?.definition == "EPSG:4547")
        #expect(data.sourceCRS["gcj02"]?.definition == "GCJ-02" && data.sourceCRS["bd09"]?.definition == "BD-09")
    }

    @Test func everySourceLandsInTheSamePlaceInWebMercator() throws {
        let data = try Self.data()
        let projected = try data.projected(to: .webMercator)
        // GCJ-02 and BD-09 written to 1e-8° (about 1 mm), hence 0.01 m.
        for id in ["wgs84", "cgcs2000", "gauss-kruger", "gcj02", "bd09"] {
            let table = try #require(projected.sources[id]?.table)
            try #require(table.count == 2, "\(id)")
            #expect(abs(table.x(0) - 12692648.3402) < 0.01 && abs(table.y(0) - 3971208.6419) < 0.01, "\(id): (\(table.x(0)), \(table.y(0)))")
            let village = try #require(Transformer(from: .wgs84, to: .webMercator).transform(x: 113.95, y: 33.6))
            #expect(abs(table.x(1) - village.x) < 0.01 && abs(table.y(1) - village.y) < 0.01, "\(id)")
        }
        // The point that cannot be projected is dropped and reported by number.
        #expect(data.warnings.contains { $0.contains("source \"gauss-kruger\"") && $0.contains("1 feature(s) with 1 point(s)") && $0.contains("first: feature 1") },
                "\(data.warnings)")
    }

    @Test func theirCirclesAreDrawnOnTopOfEachOther() throws {
        let renderer = MapRenderer(data: try Self.data())
        let scene = try renderer.scene(for: MapRequest(width: 400, height: 300, crs: .webMercator))
        func centres(_ id: String) -> [(Double, Double)] {
            scene.layers.first { $0.id == id }!.commands.compactMap {
                if case .circle(let x, let y, _) = $0 { (x, y) } else { nil }
            }
        }
        let reference = centres("wgs84")
        try #require(reference.count == 2)
        for id in ["cgcs2000", "gauss-kruger", "gcj02", "bd09"] {
            let c = centres(id)
            try #require(c.count == 2, "\(id)")
            for i in 0..<2 { #expect(abs(c[i].0 - reference[i].0) < 0.01 && abs(c[i].1 - reference[i].1) < 0.01, "\(id) \(i)") }
        }
    }

    /// The first projection takes the loaded tables over; a second CRS reads the sources
    /// again and lands in the same places, and the originals are still there on request.
    @Test func aSecondCRSAfterTheHandOverIsStillRight() throws {
        let data = try Self.data()
        _ = try data.projected(to: CRS("EPSG:4547"))
        let mercator = try data.projected(to: .webMercator)
        let table = try #require(mercator.sources["wgs84"]?.table)
        #expect(abs(table.x(0) - 12692648.3402) < 0.01 && abs(table.y(0) - 3971208.6419) < 0.01)
        let original = try #require(try data.tables()["wgs84"])
        #expect(original.x(0) == 114.02 && original.y(0) == 33.57)
    }

    /// `within` reads longitude/latitude whatever the map's CRS, so a style using it keeps them.
    @Test func withinSeesLongitudeAndLatitudeInAProjectedMap() throws {
        let style = try StyleParser.parse(JSONParser.parse("""
        {"version": 8, "sources": {"p": {"type": "geojson", "data": {"type": "FeatureCollection", "features": [
            {"type": "Feature", "properties": {}, "geometry": {"type": "Point", "coordinates": [114.02, 33.57]}},
            {"type": "Feature", "properties": {}, "geometry": {"type": "Point", "coordinates": [113.0, 33.0]}}]}}},
         "layers": [{"id": "in", "type": "circle", "source": "p", "filter": ["within",
            {"type": "Polygon", "coordinates": [[[113.9, 33.5], [114.1, 33.5], [114.1, 33.7], [113.9, 33.7], [113.9, 33.5]]]}]}]}
        """))
        #expect(style.readsGeographicGeometry)
        let renderer = MapRenderer(data: try MapData(style: style))
        let scene = try renderer.scene(for: MapRequest(width: 400, height: 300, crs: CRS("EPSG:4547"), extent: .boundingBox(Box(minX: 112.9, minY: 32.9, maxX: 114.2, maxY: 33.8))))
        let circles = scene.layers.first { $0.id == "in" }!.commands.filter { if case .circle = $0 { true } else { false } }
        #expect(circles.count == 1)
    }
}
