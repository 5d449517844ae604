import Foundation
import Testing
@testable import Cartouche
import TestSupport

@Suite("Annotating projects")
struct AnnotateTests {
    static let root = String(#filePath).components(separatedBy: "/Tests/")[0]

    // MARK: CSV

    @Test func csvReadsQuotesCommasBOMAndChinese() throws {
        let text = "\u{FEFF}number,name,category,lon,lat\n1,\"曙光医疗器械, 综合生产项目\",产业,113.954,33.541\r\n2,\"He said \"\"yes\"\"\",民生,114.0,33.5\n3,\"two\nlines\",生态,114.01,33.52\n"
        let csv = try CSVReader.read(string: text)
        #expect(csv.header == ["number", "name", "category", "lon", "lat"])
        #expect(csv.rows.count == 3)
        #expect(csv.rows[0].fields[1] == "曙光医疗器械, 综合生产项目")
        #expect(csv.rows[1].fields[1] == "He said \"yes\"")
        #expect(csv.rows[2].fields[1] == "two\nlines")
        #expect(csv.rows.map(\.line) == [2, 3, 4])
    }

    @Test func csvSyntaxErrorsNameTheLine() {
        for (text, line, fragment) in [("a,b\n1,\"open\n2,3\n", 2, "unterminated quoted field"),
                                       ("a,b\n1,x\"y\n", 2, "a quote inside an unquoted field"),
                                       ("", 1, "empty file")] {
            do {
                _ = try CSVReader.read(string: text)
                Issue.record("no error for \(text)")
            } catch {
                #expect(error.line == line && error.message.contains(fragment), "\(error)")
            }
        }
    }

    func write(_ text: String, _ name: String = "p.csv") throws -> String {
        let dir = try ScratchDirectory.make("annotate")
        let path = "\(dir)/\(name)"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func badRowsAreReportedByLineAndSkipped() throws {
        let path = try write("""
        名称,类别,经度,纬度
        好项目,产业,114.0,33.5
        缺经度,产业,,33.5
        坏数字,民生,abc,33.5
        远方,民生,-120.0,33.5
        太北,民生,114.0,95
        """)
        let gk = try CRS("EPSG:4547")
        let read = try ProjectReader.read(path: path, mapCRS: gk)
        #expect(read.projects.map(\.name) == ["好项目"])
        #expect(read.projects[0].number == "1" && read.projects[0].category == "产业")
        #expect(read.problems.map(\.line) == [3, 4, 5, 6])
        #expect(read.problems[0].description.hasSuffix("p.csv:3: missing 经度"))
        #expect(read.problems[1].message.contains("not a number: \"abc\""))
        #expect(read.problems[2].message.contains("outside the area of EPSG:4547"))
        #expect(throws: ProjectInputError.self) { try ProjectReader.read(path: path, mapCRS: gk, strict: true) }
    }

    @Test func projectedCoordinatesWithTheirCRS() throws {
        let path = try write("name,x,y\nA,501856.9537,3715966.6617\n")
        let read = try ProjectReader.read(path: path, crs: try CRS("EPSG:4547"), mapCRS: .webMercator)
        #expect(abs(read.projects[0].longitude - 114.02) < 1e-7 && abs(read.projects[0].latitude - 33.57) < 1e-7)
    }

    // MARK: Placement

    /// Markers are all placed, inside the map, none over another; callouts overlap neither
    /// each other nor any marker.
    func checkPlacement(_ page: AnnotatedPage, mapWidth: Double, mapHeight: Double) {
        let p = page.placement
        let markers = p.markers.map { Box(minX: $0.x - $0.radius, minY: $0.y - $0.radius, maxX: $0.x + $0.radius, maxY: $0.y + $0.radius) }
        #expect(markers.count == page.projects.count)
        let image = Box(minX: 0, minY: 0, maxX: mapWidth, maxY: mapHeight)
        for (i, a) in markers.enumerated() {
            #expect(image.contains(a))
            for b in markers[(i + 1)...] {
                // Circles: centres at least two radii apart.
                let d = hypot(a.centerX - b.centerX, a.centerY - b.centerY)
                #expect(d >= a.width - 1e-6, "markers overlap")
            }
        }
        let callouts = p.callouts.compactMap { $0 }
        for (i, a) in callouts.enumerated() {
            #expect(image.contains(a))
            for b in callouts[(i + 1)...] { #expect(!a.intersects(b), "callouts overlap") }
            for m in markers { #expect(!a.intersects(m), "a callout covers a marker") }
        }
    }

    @Test func districtProjectsAreAllNumberedWithCallouts() throws {
        let renderer = MapRenderer(data: try MapData(stylePath: "\(Self.root)/Styles/yuanhui.json"))
        let read = try ProjectReader.read(path: "\(Self.root)/GeoData/yuanhui/projects.csv", mapCRS: try CRS("EPSG:4547"))
        #expect(read.problems.isEmpty && read.projects.count == 12)
        let page = try renderer.annotate(read.projects, layout: MapRenderer.defaultAnnotationLayout, request: MapRequest(),
                                         palette: try CategoryPalette(), hiddenLayers: ["projects", "project-labels"])
        let layout = MapRenderer.defaultAnnotationLayout
        checkPlacement(page, mapWidth: (layout.mapFrame.width * layout.pixelRatio).rounded(),
                       mapHeight: (layout.mapFrame.height * layout.pixelRatio).rounded())
        #expect(page.placement.unplaced.isEmpty, "callouts not placed: \(page.placement.unplaced)")
    }

    @Test func twoHundredPackedPointsAreAllNumberedAndUnplacedCalloutsReported() throws {
        var rows = ["name,category,lon,lat"]
        var state: UInt64 = 42
        func next() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) / Double(1 << 53)
        }
        for i in 0..<200 {
            // Packed into the city: about 4 by 3 km, with some projects sharing a place.
            let lon = i % 10 == 0 ? 114.0 : 113.98 + 0.04 * next()
            let lat = i % 10 == 0 ? 33.55 : 33.535 + 0.03 * next()
            rows.append("项目\(i + 1),类别\(i % 5),\(lon),\(lat)")
        }
        let path = try write(rows.joined(separator: "\n"))
        let renderer = MapRenderer(data: try MapData(stylePath: "\(Self.root)/Styles/yuanhui.json"))
        let read = try ProjectReader.read(path: path, mapCRS: try CRS("EPSG:4547"))
        let layout = MapRenderer.defaultAnnotationLayout
        let page = try renderer.annotate(read.projects, layout: layout, request: MapRequest(), palette: try CategoryPalette())
        checkPlacement(page, mapWidth: (layout.mapFrame.width * layout.pixelRatio).rounded(),
                       mapHeight: (layout.mapFrame.height * layout.pixelRatio).rounded())
        // Every project has a marker; callouts that found no room are listed, not lost.
        #expect(page.placement.markers.count == 200)
        #expect(page.placement.callouts.count == 200)
        #expect(page.placement.unplaced.count == page.placement.callouts.filter { $0 == nil }.count)
        // The table is set beside the map, within the page margins, and says what it left out.
        let cells = page.scene.layers.first { $0.id == "table" }?.commands.compactMap { command -> PlacedLabel? in
            if case .label(let label) = command { return label } else { return nil }
        } ?? []
        let ratio = layout.pixelRatio
        let mapRight = layout.mapFrame.maxX * ratio
        let content = layout.content
        let pageBox = Box(minX: content.minX * ratio, minY: content.minY * ratio,
                          maxX: content.maxX * ratio + 1, maxY: content.maxY * ratio + 1)
        #expect(!cells.isEmpty)
        for cell in cells {
            #expect(cell.originX > mapRight, "table cell \(cell.text) over the map")
            #expect(pageBox.contains(Box(minX: cell.originX, minY: cell.originY,
                                         maxX: cell.originX + cell.width, maxY: cell.originY + cell.height)),
                    "table cell \(cell.text) off the page")
        }
        #expect(cells.contains { $0.text.contains("more)") })
    }
}
