import Cartouche
import Foundation
import Testing

@Suite("Atlas")
struct AtlasTests {
    static let data = Result { try MapData(stylePath: TestFiles.root + "/Styles/yuanhui-atlas.json") }

    func villages(_ configure: (inout AtlasOptions) -> Void = { _ in }) throws -> [MapJob] {
        var options = AtlasOptions(coverage: "places", output: FileNameTemplate("out/{name}.png"))
        options.filter = ["==", ["get", "kind"], "village"]
        configure(&options)
        return try Atlas.jobs(data: try Self.data.get(), options: options, layout: nil).jobs
    }

    @Test func onePageForEachFeatureThatPassesTheFilter() throws {
        let jobs = try villages()
        #expect(jobs.count == 10)
        #expect(jobs.first?.output == "out/前朱村.png")
        #expect(jobs.first?.id == 9)
        #expect(jobs.first?.properties["name"] == "前朱村")
        #expect(JSONValue.object(jobs[0].globalState) == ["atlas": ["name": "前朱村", "kind": "village", "population": 2100, "id": 9]])
    }

    @Test func sortedByAPropertyOrAnExpression() throws {
        let byPopulation = try villages { $0.sortBy = "population"; $0.descending = true }
        #expect(byPopulation.compactMap { $0.properties["population"]?.numberValue } == [2400, 2100, 1900, 1800, 1700, 1600, 1500, 1400, 1300, 1200])
        let byExpression = try villages { $0.sortBy = ["-", 0, ["get", "population"]] }
        #expect(byExpression.map(\.output) == byPopulation.map(\.output))
    }

    @Test func aLegacyFilterWorksToo() throws {
        let jobs = try villages { $0.filter = ["==", "kind", "town"] }
        #expect(jobs.count == 3)
    }

    @Test func pointsGetTheFixedZoomCentredOnThePoint() throws {
        let jobs = try villages { $0.pointZoom = 14.5 }
        guard case .camera(let lon, let lat, let zoom, _) = jobs[0].request.extent else {
            Issue.record("expected a camera")
            return
        }
        #expect(abs(lon - 113.918) < 1e-9 && abs(lat - 33.536) < 1e-9)
        #expect(zoom == 14.5)
    }

    /// A polygon's page shows it whole with the margin: its box projected into the map fills
    /// the frame less the margin along its tighter side.
    @Test func polygonsAreFittedWithTheMargin() throws {
        let data = try Self.data.get()
        var options = AtlasOptions(coverage: "parks", output: FileNameTemplate("{name}.png"))
        options.width = 800
        options.height = 600
        options.margin = 0.25
        options.pointZoom = 22
        let jobs = try Atlas.jobs(data: data, options: options, layout: nil).jobs
        let renderer = MapRenderer(data: data)
        let projected = try data.projected(to: try renderer.crs(for: jobs[0].request))
        let park = projected.sources["parks"]!.table.bounds(of: 0)
        let (frame, _) = try renderer.frame(for: jobs[0].request)
        let shown = frame.mapBounds()
        #expect(shown.contains(park))
        let fill = max(park.width / shown.width, park.height / shown.height)
        #expect(abs(fill - 1 / 1.5) < 0.01, "the park fills \(fill) of the frame")
    }

    @Test func aGeoJSONFileCanBeTheCoverage() throws {
        let jobs = try villages { $0.coverage = TestFiles.root + "/GeoData/yuanhui/places.geojson" }
        #expect(jobs.count == 10)
    }

    /// A coverage source in GCJ-02 (sites picked on Amap) gives pages centred where the
    /// WGS84 points are: the source's CRS comes through the same `CRS` as any other.
    @Test func aGCJ02CoverageIsCentredOnTheWGS84Place() throws {
        let style = try StyleParser.parse(JSONParser.parse("""
        {"version": 8, "sources": {"sites": {"type": "geojson", "metadata": {"cartouche:crs": "GCJ-02"},
         "data": {"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"name": "a"},
          "geometry": {"type": "Point", "coordinates": [114.02593305, 33.5685181]}}]}}},
         "layers": [{"id": "sites", "type": "circle", "source": "sites"}]}
        """))
        let options = AtlasOptions(coverage: "sites", output: FileNameTemplate("out/{name}.png"))
        let jobs = try Atlas.jobs(data: MapData(style: style), options: options, layout: nil).jobs
        guard case .camera(let lon, let lat, _, _) = jobs.first?.request.extent else {
            Issue.record("expected a camera")
            return
        }
        // 1e-7° is about a centimetre.
        #expect(abs(lon - 114.02) < 1e-7 && abs(lat - 33.57) < 1e-7, "\(lon), \(lat)")
    }

    @Test func anUnknownCoverageNamesTheSources() throws {
        let error = #expect(throws: AtlasError.self) { try villages { $0.coverage = "villages" } }
        #expect(error?.description.contains("boundary, parks, places") == true)
    }

    /// The style's highlight layers see the page's feature through ["global-state", "atlas"]:
    /// the focus ring is drawn for that village alone.
    @Test func theStyleHighlightsThePageFeature() throws {
        let data = try Self.data.get()
        let renderer = MapRenderer(data: data)
        for job in try villages().prefix(3) {
            let scene = try renderer.scene(for: job.request, globalState: job.globalState)
            let focus = scene.layers.first { $0.id == "atlas-focus" }
            #expect(focus?.commands.count == 1)
            let label = scene.layers.first { $0.id == "atlas-label" }
            guard case .label(let placed)? = label?.commands.first else {
                Issue.record("no label for \(job.output)")
                continue
            }
            #expect(placed.text == job.properties["name"]?.stringValue)
        }
        let plain = try renderer.scene(for: try villages()[0].request)
        #expect(!plain.layers.contains { $0.id == "atlas-focus" })
    }

    @Test func getReadsAMemberOfTheGlobalStateObject() throws {
        let expression = try ParsingContext.compile(["==", ["get", "name"], ["get", "name", ["global-state", "atlas"]]], expected: .boolean)
        let table = try GeoJSONReader.read(string: #"{"type": "Feature", "geometry": null, "properties": {"name": "蔡庄村"}}"#).table
        var ctx = EvaluationContext(feature: FeatureReference(FeatureProperties(table), row: 0))
        ctx.globalState = object(["atlas": ["name": "蔡庄村"]])
        #expect(try expression.evaluate(ctx) == .bool(true))
        ctx.globalState = object(["atlas": ["name": "前朱村"]])
        #expect(try expression.evaluate(ctx) == .bool(false))
        // Outside an atlas there is no such object: the evaluation fails, and a layer
        // filter that fails lets nothing through.
        ctx.globalState = JSONObject()
        #expect(throws: EvaluationError.self) { try expression.evaluate(ctx) }
    }
}
