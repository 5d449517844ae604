import Datasource
import Foundation
@testable import GDALSource
import Testing
import TestSupport
@testable import Cartouche

/// Datasets read through GDAL draw what their GeoJSON draws: every format, Chinese text in
/// GBK Shapefiles, CGCS2000 `.prj` files; and they are read by extent with the fields the
/// style reads.
@Suite("GDAL datasets")
struct GDALDatasetTests {
    static let root = GDALFixtures.root

    static func render(_ style: String, baseDirectory: String, width: Double = 800, height: Double = 600) throws -> [UInt8] {
        let parsed = try StyleParser.parse(JSONParser.parse(style), baseDirectory: baseDirectory)
        let data = try MapData(style: parsed)
        var request = try MapRequest(width: width, height: height, crs: CRS("EPSG:4547"))
        request.extent = .boundingBox(Box(minX: 113.78, minY: 33.44, maxX: 114.06, maxY: 33.63))
        return try MapRenderer(data: data).render(request, format: .png).bytes
    }

    static let geojsonMap: Result<[UInt8], any Error> = Result {
        try render(String(contentsOfFile: "\(root)/Styles/yuanhui.json", encoding: .utf8), baseDirectory: "\(root)/Styles")
    }

    /// Writes both maps and their difference when they differ, and says where.
    static func expectSame(_ actual: [UInt8], _ expected: [UInt8], _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        guard actual != expected else { return }
        let dir = try ScratchDirectory.make("gdal-diff")
        let slug = name.replacingOccurrences(of: " ", with: "-")
        try Data(actual).write(to: URL(fileURLWithPath: "\(dir)/\(slug).png"))
        try Data(expected).write(to: URL(fileURLWithPath: "\(dir)/geojson.png"))
        let c = try ImageComparison.compare(actual: "\(dir)/\(slug).png", expected: "\(dir)/geojson.png", threshold: 0,
                                            diffPath: "\(dir)/\(slug)-diff.png")
        Issue.record("\(name): \(c.differingPixels) pixels differ from the GeoJSON map (diff: \(dir)/\(slug)-diff.png)", sourceLocation: sourceLocation)
    }

    @Test(arguments: GDALFixtures.formats)
    func everyFormatDrawsTheSameMapAsGeoJSON(_ format: GDALFixtures.Format) throws {
        let dir = try GDALFixtures.directory()
        // The datasets' URLs are absolute; the style's icon folder is relative to Styles/.
        let map = try Self.render(GDALFixtures.style(format, folder: dir), baseDirectory: "\(Self.root)/Styles")
        try Self.expectSame(map, Self.geojsonMap.get(), format.name)
    }

    @Test func theGeoPackageSampleStyleDrawsTheGeoJSONSampleStylesPixels() throws {
        let gpkg = try MapData(stylePath: "\(Self.root)/Styles/yuanhui-gpkg.json")
        let geojson = try MapData(stylePath: "\(Self.root)/Styles/yuanhui.json")
        var request = try MapRequest(width: 1024, height: 768, crs: CRS("EPSG:4547"))
        request.extent = .styleCamera
        let a = try MapRenderer(data: gpkg).render(request, format: .png).bytes
        let b = try MapRenderer(data: geojson).render(request, format: .png).bytes
        try Self.expectSame(a, b, "yuanhui-gpkg")
    }

    /// The places' names as a dataset gives them, by feature position.
    static func names(_ dataset: GDALVectorDataset, layer: String = "places") throws -> [String] {
        let box = Box(minX: -.infinity, minY: -.infinity, maxX: .infinity, maxY: .infinity)
        let table = try dataset.read(FeatureQuery(layer: layer, box: box, zoom: 12, properties: ["name"])).table
        return (0..<table.count).map { table.properties.object(row: $0)["name"]?.stringValue ?? "" }
    }

    static let placeNames: [String] = {
        let table = try! GeoJSONReader.read(path: GDALFixtures.geojson("places")).table
        return (0..<table.count).map { table.properties.object(row: $0)["name"]?.stringValue ?? "" }
    }()

    /// A GBK Shapefile of the places, its bytes checked to be GBK (not UTF-8).
    static func gbkShapefile() throws -> String {
        let dir = try ScratchDirectory.make("gbk")
        try GDALFixtures.gdal("ogr2ogr", ["-f", "ESRI Shapefile", "\(dir)/places.shp", GDALFixtures.geojson("places"), "-lco", "ENCODING=GBK"])
        let dbf = try Data(contentsOf: URL(fileURLWithPath: "\(dir)/places.dbf"))
        let gbk = Data([0xBF, 0xD5, 0xDA, 0xA3])  // 空冢 in GBK
        #expect(dbf.range(of: gbk) != nil, "the DBF is not GBK")
        #expect(dbf.range(of: Data("空冢".utf8)) == nil, "the DBF holds UTF-8")
        return dir
    }

    @Test func aGBKShapefileDeclaredByItsCPGGivesChineseNames() throws {
        let dir = try Self.gbkShapefile()
        #expect(try String(contentsOfFile: "\(dir)/places.cpg", encoding: .utf8).contains("GBK"))
        #expect(try Self.names(GDALVectorDataset(path: "\(dir)/places.shp")) == Self.placeNames)
    }

    @Test func aGBKShapefileDeclaredByItsLanguageDriverIDGivesChineseNames() throws {
        let dir = try Self.gbkShapefile()
        try FileManager.default.removeItem(atPath: "\(dir)/places.cpg")
        // Byte 29 of the DBF header: language driver 0x4D, code page 936 (GBK).
        let handle = try FileHandle(forUpdating: URL(fileURLWithPath: "\(dir)/places.dbf"))
        try handle.seek(toOffset: 29)
        try handle.write(contentsOf: Data([0x4D]))
        try handle.close()
        #expect(try Self.names(GDALVectorDataset(path: "\(dir)/places.shp")) == Self.placeNames)
    }

    @Test func theEncodingKeyOverridesAShapefileThatDeclaresNone() throws {
        let dir = try Self.gbkShapefile()
        try FileManager.default.removeItem(atPath: "\(dir)/places.cpg")
        // Undeclared, the GBK bytes are not UTF-8: an error that says how to declare them.
        #expect {
            _ = try Self.names(GDALVectorDataset(path: "\(dir)/places.shp"))
        } throws: { "\($0)".contains("layer \"places\": feature 0: field \"name\": text that is not UTF-8") && "\($0)".contains("cartouche:encoding") }
        #expect(try Self.names(GDALVectorDataset(path: "\(dir)/places.shp", encoding: "GBK")) == Self.placeNames)
        // And through a style's source.
        let style = #"{"version": 8, "sources": {"p": {"type": "vector", "url": "file:places.shp", "metadata": {"cartouche:encoding": "GB18030"}}}, "layers": []}"#
        let parsed = try StyleParser.parse(JSONParser.parse(style), baseDirectory: dir)
        let dataset = try #require(try MapData(style: parsed).datasets["p"] as? GDALVectorDataset)
        #expect(try Self.names(dataset) == Self.placeNames)
    }

    @Test func aShapefileInCGCS2000LandsWhereTheGeoJSONDoes() throws {
        let dir = try ScratchDirectory.make("epsg4547")
        for layer in ["boundary", "roads", "places"] {
            try GDALFixtures.gdal("ogr2ogr", ["-f", "ESRI Shapefile", "\(dir)/\(layer).shp", GDALFixtures.geojson(layer),
                                              "-t_srs", "EPSG:4547", "-lco", "ENCODING=UTF-8"])
        }
        #expect(try String(contentsOfFile: "\(dir)/places.prj", encoding: .utf8).contains("CGCS2000_3_Degree_GK_CM_114E"))
        let dataset = try GDALVectorDataset(path: dir)
        let layer = try #require(dataset.layer(named: "places"))
        // The ESRI .prj is recognised as EPSG:4547, the style's CRS.
        #expect(layer.crs == (try CRS("EPSG:4547")), "\(layer.crs)")
        // Each place at the easting and northing PROJ gives for its longitude and latitude.
        let box = Box(minX: -.infinity, minY: -.infinity, maxX: .infinity, maxY: .infinity)
        let read = try dataset.read(FeatureQuery(layer: "places", box: box, zoom: 12, properties: []))
        var geo = try GeoJSONReader.read(path: GDALFixtures.geojson("places")).table
        _ = geo.transform(with: try Transformer(from: .wgs84, to: CRS("EPSG:4547")))
        #expect(read.table.count == geo.count)
        for p in 0..<min(geo.pointCount, read.table.pointCount) {
            #expect(abs(read.table.x(p) - geo.x(p)) < 0.01 && abs(read.table.y(p) - geo.y(p)) < 0.01,
                    "place \(p): \(read.table.x(p)), \(read.table.y(p)) vs \(geo.x(p)), \(geo.y(p))")
        }
    }

    @Test func aMapReadsOnlyTheFeaturesMeetingItsBoxAndTheFieldsItsStyleReads() throws {
        let dataset = try GDALVectorDataset(path: "\(Self.root)/GeoData/yuanhui.gpkg")
        let all = Box(minX: -.infinity, minY: -.infinity, maxX: .infinity, maxY: .infinity)
        let everything = try dataset.read(FeatureQuery(layer: "places", box: all, zoom: 12, properties: nil)).table
        #expect(everything.properties.keys.contains("population"))
        // The east of the district, around the old town.
        let east = Box(minX: 114.0, minY: 33.55, maxX: 114.06, maxY: 33.62)
        let some = try dataset.read(FeatureQuery(layer: "places", box: east, zoom: 12, properties: ["name"])).table
        #expect(some.count > 0 && some.count < everything.count, "\(some.count) of \(everything.count)")
        for f in 0..<some.count { #expect(some.bounds(of: f).intersects(east)) }
        #expect(some.properties.keys == ["name"], "\(some.properties.keys)")
    }

    @Test func GPXWaypointsAreThePlaces() throws {
        let dir = try ScratchDirectory.make("gpx")
        try GDALFixtures.gdal("ogr2ogr", ["-f", "GPX", "\(dir)/places.gpx", GDALFixtures.geojson("places"), "-nln", "waypoints"])
        let dataset = try GDALVectorDataset(path: "\(dir)/places.gpx")
        #expect(dataset.layerNames.contains("waypoints") && dataset.layerNames.contains("tracks"))
        #expect(try Self.names(dataset, layer: "waypoints") == Self.placeNames)
    }

    @Test func fgbIndexedReadsUseTheIndex() throws {
        let dir = try ScratchDirectory.make("fgb")
        try GDALFixtures.gdal("ogr2ogr", ["-f", "FlatGeobuf", "\(dir)/roads.fgb", GDALFixtures.geojson("roads")])
        let dataset = try GDALVectorDataset(path: "\(dir)/roads.fgb")
        let east = Box(minX: 114.02, minY: 33.55, maxX: 114.06, maxY: 33.62)
        let all = try dataset.read(FeatureQuery(layer: "roads", box: Box(minX: 113, minY: 33, maxX: 115, maxY: 34), zoom: 12, properties: nil)).table
        let some = try dataset.read(FeatureQuery(layer: "roads", box: east, zoom: 12, properties: nil)).table
        #expect(some.count > 0 && some.count < all.count, "\(some.count) of \(all.count)")
    }

    @Test func infoListsTheLayersOfADataset() throws {
        let r = try CommandLineTests.run(["info", "GeoData/yuanhui.gpkg"])
        #expect(r.status == 0, "\(r.stderr)")
        for line in ["GeoData/yuanhui.gpkg (GPKG)", "  layer places", "    features: 18", "    geometry type: Point", "    CRS: EPSG:4326",
                     "    extent: 113.81, 33.47, 114.03, 33.596", "      population: Integer", "  layer boundary", "    geometry type: Polygon"] {
            #expect(r.stdout.contains(line + "\n"), "no \(line) in\n\(r.stdout)")
        }
        let dir = try Self.gbkShapefile()
        let json = try CommandLineTests.run(["info", "--json", dir])
        let parsed = try JSONParser.parse(json.stdout)
        let layer = try #require(parsed["layers"]?.arrayValue?.first)
        #expect(layer["name"] == .string("places") && layer["features"] == .number(18) && layer["crs"] == .string("EPSG:4326"))
        #expect(layer["fields"]?["name"] == .string("String"))
    }

    /// The GeoPackage sample style over a copy of its GeoPackage of its own, for tests that
    /// count a dataset's reads from disk: datasets are shared in the process by file, and
    /// other tests running at the same time read the sample's file too.
    static func privateGeoPackageStyle() throws -> String {
        let dir = try ScratchDirectory.make("gpkg-reads")
        try FileManager.default.copyItem(atPath: "\(root)/GeoData/yuanhui.gpkg", toPath: "\(dir)/yuanhui.gpkg")
        let style = try String(contentsOfFile: "\(root)/Styles/yuanhui-gpkg.json", encoding: .utf8)
            .replacingOccurrences(of: "file:../GeoData/yuanhui.gpkg", with: "file:\(dir)/yuanhui.gpkg")
            .replacingOccurrences(of: "\"cartouche:icons\": \"icons\"", with: "\"cartouche:icons\": \"\(root)/Styles/icons\"")
        try style.write(toFile: "\(dir)/style.json", atomically: false, encoding: .utf8)
        return "\(dir)/style.json"
    }

    @Test func neighbouringAtlasPagesReadTheirFeaturesFromMemory() throws {
        let stylePath = try Self.privateGeoPackageStyle()
        let data = try MapData(stylePath: stylePath)
        let dataset = try #require(data.datasets["yuanhui"] as? GDALVectorDataset)
        func page(_ data: MapData, _ longitude: Double) throws -> [String: RenderSource] {
            let (frame, projected) = try MapRenderer(data: data).frame(for: MapRequest(width: 800, height: 600,
                extent: .camera(longitude: longitude, latitude: 33.55, zoom: 14, bearing: 0)))
            return try data.sources(for: frame, projected: projected).sources
        }
        // The first page reads its box; the second a box grown around it, which the third,
        // its neighbour, lies in: neither read from disk nor projected again.
        let start = dataset.readsFromDisk
        _ = try page(data, 113.90)
        let perPage = dataset.readsFromDisk - start
        #expect(perPage > 0)
        _ = try page(data, 113.92)
        #expect(dataset.readsFromDisk - start == 2 * perPage)
        let third = try page(data, 113.93)
        #expect(dataset.readsFromDisk - start == 2 * perPage)
        // What memory gives is what the file gives, projected the same.
        let direct = try page(try MapData(stylePath: stylePath), 113.93)
        #expect(third.keys.sorted() == direct.keys.sorted())
        for (key, source) in direct {
            let cached = try #require(third[key])
            #expect(cached.table.count == source.table.count && cached.table.ids == source.table.ids
                    && cached.table.coordinates == source.table.coordinates && cached.table.properties == source.table.properties,
                    "\(key): \(cached.table.count) features from memory, \(source.table.count) from the file")
        }
    }

    /// A batch whose pages overlap reads each layer once over their union before the first
    /// page (after three sample reads that say it fits), and no page reads the file again;
    /// each page gets what a read of its own box gives.
    @Test func aBatchOfOverlappingPagesReadsEachLayerOnce() throws {
        let stylePath = try Self.privateGeoPackageStyle()
        let data = try MapData(stylePath: stylePath)
        let dataset = try #require(data.datasets["yuanhui"] as? GDALVectorDataset)
        func page(_ data: MapData, _ i: Int) throws -> (MapFrame, ProjectedData) {
            try MapRenderer(data: data).frame(for: MapRequest(width: 400, height: 300,
                extent: .camera(longitude: 113.88 + 0.01 * Double(i % 4), latitude: 33.53 + 0.01 * Double(i / 4), zoom: 14, bearing: 0)))
        }
        let pages = try (0..<8).map { try page(data, $0) }
        let start = dataset.readsFromDisk
        data.prefetch(frames: pages.map(\.0))
        let afterPrefetch = dataset.readsFromDisk
        #expect(afterPrefetch > start)
        let drawn = try pages.map { try data.sources(for: $0.0, projected: $0.1).sources }
        #expect(dataset.readsFromDisk == afterPrefetch, "pages read the file again")
        // Each page as a read of its own box gives it (a MapData of its own, with no cache).
        for i in pages.indices {
            let fresh = try MapData(stylePath: stylePath)
            let (frame, projected) = try page(fresh, i)
            let direct = try fresh.sources(for: frame, projected: projected).sources
            #expect(drawn[i].keys.sorted() == direct.keys.sorted())
            for (key, source) in direct {
                let cached = try #require(drawn[i][key])
                #expect(cached.table.ids == source.table.ids && cached.table.coordinates == source.table.coordinates
                        && cached.table.properties == source.table.properties, "page \(i), \(key)")
            }
        }
    }

    @Test func theArrowStreamAndFeatureByFeatureReadingGiveTheSameTables() throws {
        let arrow = try GDALVectorDataset(path: "\(Self.root)/GeoData/yuanhui.gpkg")
        let features = try GDALVectorDataset(path: "\(Self.root)/GeoData/yuanhui.gpkg")
        features.readPath = .features
        let box = Box(minX: 113.85, minY: 33.45, maxX: 114.0, maxY: 33.6)
        for layer in arrow.layers {
            #expect(GDALArrowReader.canRead(layer, fields: layer.fields), "\(layer.name) is not read through Arrow")
            let query = FeatureQuery(layer: layer.name, box: box, zoom: 12, properties: nil)
            let a = try arrow.read(query).table, b = try features.read(query).table
            #expect(a.count > 0 && a.count == b.count, "\(layer.name)")
            #expect(a.coordinates == b.coordinates && a.ids == b.ids && a.geometryTypes == b.geometryTypes, "\(layer.name)")
            #expect((0..<a.count).allSatisfy { a.properties.object(row: $0) == b.properties.object(row: $0) }, "\(layer.name)")
        }
    }
}
