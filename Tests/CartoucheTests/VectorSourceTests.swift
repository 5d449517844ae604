import Datasource
import Foundation
import Geometry
import Projection
import Testing
import TestSupport
@testable import Cartouche

/// `vector` sources are read per map through the `VectorDatasource` protocol: the layers a
/// map shows, for its extent, with the properties the style reads. These tests drive the
/// pipeline with a dataset of the Yuanhui GeoJSON layers held in memory, so what they check
/// is the plumbing every reader (GDAL, tiles, PostGIS) relies on.
@Suite("Vector sources")
struct VectorSourceTests {
    static let root = String(#filePath).components(separatedBy: "/Tests/")[0]

    /// The Yuanhui style with its GeoJSON sources turned into the layers of one vector
    /// source called `district`, each layer named after the source it was.
    static func vectorStyle() throws -> String {
        var text = try String(contentsOfFile: "\(root)/Styles/yuanhui.json", encoding: .utf8)
        for id in Yuanhui.layers {
            text = text.replacingOccurrences(of: "\"source\": \"\(id)\"", with: "\"source\": \"district\", \"source-layer\": \"\(id)\"")
        }
        let start = text.range(of: "\"sources\": {")!, end = text.range(of: "\"layers\": [")!
        let sources = "\"sources\": {\"district\": {\"type\": \"vector\", \"url\": \"file:yuanhui.fake\"}},\n  "
        text.replaceSubrange(start.lowerBound..<end.lowerBound, with: sources)
        return text
    }

    static func data(_ style: String, dataset: Yuanhui) throws -> MapData {
        let parsed = try StyleParser.parse(JSONParser.parse(style), baseDirectory: "\(root)/Styles")
        return try MapData(style: parsed, openDataset: { source, _ in
            #expect(source.id == "district")
            return dataset
        })
    }

    @Test func theDistrictFromAVectorSourceIsTheDistrictFromGeoJSON() throws {
        let dataset = try Yuanhui()
        let vector = try Self.data(Self.vectorStyle(), dataset: dataset)
        let geojson = try MapData(stylePath: "\(Self.root)/Styles/yuanhui.json")
        var request = try MapRequest(width: 800, height: 600, crs: CRS("EPSG:4547"))
        request.extent = .boundingBox(Box(minX: 113.9, minY: 33.5, maxX: 114.05, maxY: 33.62))
        let a = try MapRenderer(data: vector).render(request, format: .png).bytes
        let b = try MapRenderer(data: geojson).render(request, format: .png).bytes
        #expect(a == b, "the vector source's map differs from the GeoJSON one")
        // One read per layer the map shows, for the map's box in the layers' CRS with the
        // renderer's margin (512 px, here about 0.1°) around it.
        let queries = dataset.queries
        #expect(Set(queries.map(\.layer)) == Set(Yuanhui.layers))
        #expect(queries.count == Yuanhui.layers.count)
        for q in queries {
            let shown = Box(minX: 113.9, minY: 33.5, maxX: 114.05, maxY: 33.62)
            #expect(q.box.minX < shown.minX && q.box.minY < shown.minY && q.box.maxX > shown.maxX && q.box.maxY > shown.maxY,
                    "\(q.layer): \(q.box)")
            #expect(q.box.width < shown.width + 0.4 && q.box.height < shown.height + 0.4, "\(q.layer): \(q.box)")
        }
    }

    @Test func onlyThePropertiesTheStyleReadsAreAskedFor() throws {
        let dataset = try Yuanhui()
        let data = try Self.data(Self.vectorStyle(), dataset: dataset)
        var request = try MapRequest(width: 400, height: 300, crs: CRS("EPSG:4547"))
        request.extent = .boundingBox(Box(minX: 113.9, minY: 33.5, maxX: 114.05, maxY: 33.62))
        _ = try MapRenderer(data: data).scene(for: request)
        let places = try #require(dataset.queries.first { $0.layer == "places" })
        let read = try #require(places.properties)
        #expect(read.contains("name") && read.contains("kind"), "\(read)")
        #expect(!read.contains("population"), "population is not read by the style: \(read)")
    }

    @Test func fittingTheMapUsesTheLayersExtents() throws {
        let data = try Self.data(Self.vectorStyle(), dataset: try Yuanhui())
        var request = try MapRequest(width: 400, height: 300, crs: CRS("EPSG:4547"))
        request.extent = .fitData(padding: 0)
        let (frame, _) = try MapRenderer(data: data).frame(for: request)
        let box = frame.mapBounds()
        // The district spans about 113.78°E to 114.05°E: eastings 479.5 to 504.6 km.
        #expect(box.minX < 480_000 && box.maxX > 504_000, "\(box)")
    }

    @Test func aSourceLayerTheDatasetLacksIsNamedWithTheLayersItHas() throws {
        let style = try Self.vectorStyle().replacingOccurrences(of: "\"source-layer\": \"rivers\"", with: "\"source-layer\": \"river\"")
        #expect {
            _ = try Self.data(style, dataset: try Yuanhui())
        } throws: { error in
            let text = "\(error)"
            return text.contains("/source-layer: yuanhui.fake has no layer \"river\"; it has boundary, ") && text.contains("rivers")
        }
    }

    @Test func aLayerOnAVectorSourceNeedsASourceLayer() throws {
        let style = try Self.vectorStyle().replacingOccurrences(of: ", \"source-layer\": \"rivers\"", with: "")
        #expect {
            _ = try StyleParser.parse(JSONParser.parse(style), baseDirectory: Self.root)
        } throws: { "\($0)".contains("/source-layer: missing; a layer on vector source \"district\" needs a source-layer") }
    }

    @Test func aDatasetThatCannotBeOpenedStopsTheLoadAtItsURL() throws {
        let style = try Self.vectorStyle()
        let parsed = try StyleParser.parse(JSONParser.parse(style), baseDirectory: "\(Self.root)/Styles")
        #expect {
            _ = try MapData(style: parsed, openDataset: { _, _ in throw DatasourceError(dataset: "yuanhui.fake", "truncated file") })
        } throws: { "\($0)" == "/sources/district/url: yuanhui.fake: truncated file" }
    }

    @Test func remoteURLsAreNeverFetched() throws {
        let style = #"{"version": 8, "sources": {"t": {"type": "vector", "url": "https://tiles.example/v.json"}}, "layers": []}"#
        #expect {
            _ = try StyleParser.parse(JSONParser.parse(style), baseDirectory: Self.root)
        } throws: { "\($0)".contains("/sources/t/url: remote data (https://tiles.example/v.json) is not fetched") }
    }
}

/// The Yuanhui GeoJSON layers as a dataset in memory, in WGS84, answering each query with
/// the features whose boxes meet it, and remembering the queries.
final class Yuanhui: VectorDatasource, @unchecked Sendable {
    static let layers = YuanhuiSample.layers
    let tables: [String: FeatureTable]
    private let lock = NSLock()
    private var asked: [FeatureQuery] = []
    var queries: [FeatureQuery] { lock.withLock { asked } }

    init() throws {
        var tables: [String: FeatureTable] = [:]
        for id in Self.layers {
            tables[id] = try GeoJSONReader.read(path: "\(VectorSourceTests.root)/GeoData/yuanhui/\(id).geojson").table
        }
        self.tables = tables
    }

    var name: String { "yuanhui.fake" }
    var layerNames: [String] { Self.layers }
    var fingerprint: String { "in memory" }

    func layer(named name: String) -> DatasetLayer? {
        tables[name].map { DatasetLayer(name: name, crs: .wgs84, extent: $0.bounds) }
    }

    func read(_ query: FeatureQuery) throws -> DatasetFeatures {
        lock.withLock { asked.append(query) }
        let table = tables[query.layer]!
        return DatasetFeatures(table: table.selecting((0..<table.count).filter { table.bounds(of: $0).intersects(query.box) }))
    }
}
