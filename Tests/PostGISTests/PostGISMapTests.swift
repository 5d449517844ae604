import Cartouche
import Datasource
import Foundation
import Geometry
import PostGIS
import Testing
import TestSupport

/// Maps drawn straight from a real PostGIS server (a throwaway cluster this process starts,
/// with the Yuanhui layers loaded by ogr2ogr).
@Suite("PostGIS maps", .enabled(if: PostgresCluster.missing == nil, "\(PostgresCluster.missing ?? "")"))
struct PostGISMapTests {
    init() { setenv(PostGISStyles.passwordVariable, PostgresCluster.password, 1) }

    func data(_ style: String) throws -> MapData {
        let parsed = try StyleParser.parse(JSONParser.parse(style), baseDirectory: "\(PostGISStyles.root)/Styles")
        return try MapData(style: parsed)
    }

    @Test func theYuanhuiMapFromPostGISIsTheMapFromGeoJSON() throws {
        let cluster = try PostgresCluster.get()
        let postgis = try data(PostGISStyles.style(url: cluster.url))
        let geojson = try MapData(stylePath: "\(PostGISStyles.root)/Styles/yuanhui.json")
        for (width, height, box) in [(800.0, 600.0, Box(minX: 113.9, minY: 33.5, maxX: 114.05, maxY: 33.62)),
                                     (1000.0, 800.0, Box(minX: 113.76, minY: 33.44, maxX: 114.08, maxY: 33.66))] {
            var request = try MapRequest(width: width, height: height, crs: CRS("EPSG:4547"))
            request.extent = .boundingBox(box)
            let a = try MapRenderer(data: postgis).render(request, format: .png).bytes
            let b = try MapRenderer(data: geojson).render(request, format: .png).bytes
            if a != b {
                let dir = try ScratchDirectory.make("postgis-diff")
                try Data(a).write(to: URL(fileURLWithPath: "\(dir)/postgis.png"))
                try Data(b).write(to: URL(fileURLWithPath: "\(dir)/geojson.png"))
                Issue.record("the PostGIS map differs from the GeoJSON map at \(width)×\(height); see \(dir)")
            }
        }
    }

    @Test func theDatabaseListsItsTablesWithTheirCRSAndExtent() throws {
        let cluster = try PostgresCluster.get()
        let settings = try PostGISDatasource.Settings(metadata: ["cartouche:password-env": .string(PostGISStyles.passwordVariable)],
                                                      crs: nil, dataset: "test")
        let dataset = try PostGISDatasource(connection: cluster.url, settings: settings)
        #expect(Set(PostgresCluster.layers).isSubset(of: Set(dataset.layerNames)), "\(dataset.layerNames)")
        let roads = try #require(dataset.layer(named: "roads"))
        #expect(roads.crs.description == "EPSG:4326")
        let extent = try #require(roads.extent)
        #expect(extent.minX > 113.7 && extent.maxX < 114.2 && extent.minY > 33.4 && extent.maxY < 33.7, "\(extent)")
        #expect(dataset.layer(named: "public.roads") != nil)
        #expect(dataset.name == "postgresql://mapper@127.0.0.1:\(cluster.port)/yuanhui")
    }

    /// Sources that name the same database the same way share one dataset (one catalog
    /// read, one connection per thread); other settings give another.
    @Test func sourcesOnTheSameDatabaseShareOneDataset() throws {
        let cluster = try PostgresCluster.get()
        let meta: JSONObject = ["cartouche:password-env": .string(PostGISStyles.passwordVariable)]
        let a = try Datasets.standard(Source(id: "a", kind: .vector, data: .url(cluster.url), metadata: meta), "/")
        let b = try Datasets.standard(Source(id: "b", kind: .vector, data: .url(cluster.url), metadata: meta), "/")
        var limited = meta
        limited["cartouche:row-limit"] = 10
        let c = try Datasets.standard(Source(id: "c", kind: .vector, data: .url(cluster.url), metadata: limited), "/")
        #expect(a === b)
        #expect(a !== c)
    }

    /// What the batch input hash and messages record of a database: its identity, never
    /// the password, whichever way it was given.
    @Test func theFingerprintAndNameCarryNoPassword() throws {
        let cluster = try PostgresCluster.get()
        let text = "host=127.0.0.1 port=\(cluster.port) dbname=yuanhui user=mapper password=\(PostgresCluster.password)"
        let dataset = try PostGISDatasource(connection: text, allowPassword: true)
        #expect(dataset.name == "postgresql://mapper@127.0.0.1:\(cluster.port)/yuanhui")
        #expect(!dataset.fingerprint.contains(PostgresCluster.password), "\(dataset.fingerprint)")
        #expect(dataset.fingerprint.contains("dbname=yuanhui") && dataset.fingerprint.contains("user=mapper"))
        // A style may not carry one at all.
        #expect(throws: DatasourceError.self) { try PostGISDatasource(connection: text) }
    }

    @Test func onlyTheColumnsAskedForAreFetchedAndOnlyRowsMeetingTheBox() throws {
        let cluster = try PostgresCluster.get()
        let settings = try PostGISDatasource.Settings(metadata: ["cartouche:password-env": .string(PostGISStyles.passwordVariable)],
                                                      crs: nil, dataset: "test")
        let dataset = try PostGISDatasource(connection: cluster.url, settings: settings)
        let all = try dataset.read(FeatureQuery(layer: "places", box: Box(minX: 100, minY: 20, maxX: 120, maxY: 40), zoom: 12, properties: ["name"]))
        #expect(all.table.count == 18)
        #expect(all.table.properties.object(row: 0).keys.sorted() == ["name"])
        let some = try dataset.read(FeatureQuery(layer: "places", box: Box(minX: 113.87, minY: 33.57, maxX: 113.88, maxY: 33.58), zoom: 12, properties: nil))
        #expect(some.table.count == 1)
        #expect(some.table.properties.object(row: 0)["name"] == "空冢郭镇")
        #expect(some.table.properties.object(row: 0)["population"] == 52000)
        // The primary key (ogr2ogr's fid, from the GeoJSON ids) is the feature's id.
        #expect(some.table.ids[0] == .number(1))
    }
}
