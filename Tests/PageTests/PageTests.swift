#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Testing
@testable import Cartouche
@testable import Page

@Suite("Report pages")
struct PageTests {
    static let root = String(#filePath).components(separatedBy: "/Tests/")[0]

    /// Ground distance on the WGS84 ellipsoid between two points (Vincenty's inverse
    /// formula), computed here independently of the code under test.
    static func geodesic(_ lon1: Double, _ lat1: Double, _ lon2: Double, _ lat2: Double) -> Double {
        let a = 6378137.0, f = 1 / 298.257223563, b = a * (1 - f)
        let rad = Double.pi / 180
        let L = (lon2 - lon1) * rad
        let U1 = atan((1 - f) * tan(lat1 * rad)), U2 = atan((1 - f) * tan(lat2 * rad))
        var lambda = L
        var sinSigma = 0.0, cosSigma = 0.0, sigma = 0.0, cos2Alpha = 0.0, cos2SigmaM = 0.0
        for _ in 0..<200 {
            let sinL = sin(lambda), cosL = cos(lambda)
            sinSigma = ((cos(U2) * sinL) * (cos(U2) * sinL) + (cos(U1) * sin(U2) - sin(U1) * cos(U2) * cosL) * (cos(U1) * sin(U2) - sin(U1) * cos(U2) * cosL)).squareRoot()
            cosSigma = sin(U1) * sin(U2) + cos(U1) * cos(U2) * cosL
            sigma = atan2(sinSigma, cosSigma)
            let sinAlpha = cos(U1) * cos(U2) * sinL / sinSigma
            cos2Alpha = 1 - sinAlpha * sinAlpha
            cos2SigmaM = cosSigma - 2 * sin(U1) * sin(U2) / cos2Alpha
            let C = f / 16 * cos2Alpha * (4 + f * (4 - 3 * cos2Alpha))
            let previous = lambda
            lambda = L + (1 - C) * f * sinAlpha * (sigma + C * sinSigma * (cos2SigmaM + C * cosSigma * (-1 + 2 * cos2SigmaM * cos2SigmaM)))
            if abs(lambda - previous) < 1e-12 { break }
        }
        let u2 = cos2Alpha * (a * a - b * b) / (b * b)
        let A = 1 + u2 / 16384 * (4096 + u2 * (-768 + u2 * (320 - 175 * u2)))
        let B = u2 / 1024 * (256 + u2 * (-128 + u2 * (74 - 47 * u2)))
        let deltaSigma = B * sinSigma * (cos2SigmaM + B / 4 * (cosSigma * (-1 + 2 * cos2SigmaM * cos2SigmaM) - B / 6 * cos2SigmaM * (-3 + 4 * sinSigma * sinSigma) * (-3 + 4 * cos2SigmaM * cos2SigmaM)))
        return b * A * (sigma - deltaSigma)
    }

    @Test(arguments: ["EPSG:4547", "EPSG:3857", "EPSG:4326"])
    func scaleBarMatchesGroundDistance(_ code: String) throws {
        let crs = try CRS(code)
        for pixelRatio in [1.0, 150.0 / 96] {
            let frame = try MapFrame.camera(crs: crs, longitude: 113.913, latitude: 33.531, zoom: 12, width: 800, height: 600,
                                            pixelRatio: pixelRatio)
            let bar = try FrameScale(frame).bar(maxPixels: 300 * pixelRatio)
            // Measure the bar where it would lie, centred in the frame, on the ellipsoid.
            let back = frame.transform.inverted
            let cx = Double(frame.pixelWidth) / 2, cy = Double(frame.pixelHeight) / 2
            let a = back.apply(cx - bar.pixels / 2, cy), b = back.apply(cx + bar.pixels / 2, cy)
            let t = try Transformer(from: .wgs84, to: crs)
            let p = try #require(t.inverse(x: a.x, y: a.y)), q = try #require(t.inverse(x: b.x, y: b.y))
            let ground = Self.geodesic(p.x, p.y, q.x, q.y)
            #expect(abs(ground / bar.metres - 1) < 0.005, "\(code): bar says \(bar.metres) m, ground is \(ground) m")
            #expect([1.0, 2, 5].contains(bar.metres / pow(10, log10(bar.metres).rounded(.down))))
        }
    }

    @Test func numericScaleAtPrintResolution() throws {
        // At zoom 12 near 33.5°N a CSS pixel covers about 15.9 m: on paper (96 px to the
        // inch) that is about 1:60 000, whatever the pixel ratio.
        for ratio in [1.0, 3.125] {
            let frame = try MapFrame.camera(crs: CRS("EPSG:4547"), longitude: 113.913, latitude: 33.531, zoom: 12,
                                            width: 800, height: 600, pixelRatio: ratio)
            let scale = try FrameScale(frame)
            #expect(abs(scale.denominator / 60_100 - 1) < 0.01, "\(scale.denominator)")
            #expect(scale.numeric.hasPrefix("1:60"))
        }
    }

    @Test(arguments: [("EPSG:4547", 0.0), ("EPSG:4547", 30), ("EPSG:32650", 0), ("EPSG:3857", 15)])
    func northArrowPointsToTrueNorth(_ code: String, _ bearing: Double) throws {
        let crs = try CRS(code)
        // West of the central meridian of EPSG:4547 (114°E), so the convergence is not zero.
        let frame = try MapFrame.camera(crs: crs, longitude: 113.6, latitude: 33.5, zoom: 12, bearing: bearing,
                                        width: 800, height: 600)
        let rotation = try PageCanvas.northRotation(frame)
        let factors = try ProjectionFactors(crs: crs, longitude: frame.centerLongitude, latitude: frame.centerLatitude)
        #expect(abs(rotation - (-(factors.meridianConvergence + bearing))) < 1e-3,
                "arrow \(rotation)°, PROJ convergence \(factors.meridianConvergence)°, bearing \(bearing)°")
        if code == "EPSG:4547" { #expect(abs(factors.meridianConvergence) > 0.1) }
    }

    @Test func legendEntriesFollowTheStyleCategories() throws {
        let data = try MapData(stylePath: "\(Self.root)/Styles/yuanhui.json")
        let renderer = MapRenderer(data: data)
        var request = MapRequest(width: 1200, height: 900)
        request.extent = .boundingBox(Box(minX: 113.78, minY: 33.445, maxX: 114.045, maxY: 33.615))
        let (frame, projected) = try renderer.frame(for: request)
        let map = SceneBuilder(style: data.style, sources: projected.sources, frame: frame).build()
        let titles = LegendBuilder.entries(style: data.style, map: map, frame: frame, sources: projected.sources, only: nil,
                                           pixelRatio: 1).map(\.title)
        // Road works: the two kinds that share a colour are one entry; in the match's order.
        let works = titles.filter { ["新建", "罩面", "排水"].contains(where: $0.hasPrefix) }
        #expect(works == ["新建 Built / 通车 Reopened", "罩面 Resurfaced", "排水改造 Drainage"], "\(titles)")
        #expect(titles.contains("公园 Park") && titles.contains("产业园 Industrial park"))
        #expect(titles.contains("重点项目 Projects") && titles.contains("河流 River"))
        // Layers without a legend title (casings, labels) have no entry.
        #expect(!titles.contains { $0.contains("casing") || $0.contains("label") })
        // Only what the frame shows: a frame over empty country has no road works.
        var empty = MapRequest(width: 400, height: 300)
        empty.extent = .boundingBox(Box(minX: 113.80, minY: 33.46, maxX: 113.81, maxY: 33.465))
        let (f2, p2) = try renderer.frame(for: empty)
        let m2 = SceneBuilder(style: data.style, sources: p2.sources, frame: f2).build()
        let t2 = LegendBuilder.entries(style: data.style, map: m2, frame: f2, sources: p2.sources, only: nil, pixelRatio: 1).map(\.title)
        #expect(!t2.contains { $0.hasPrefix("新建") }, "\(t2)")
    }

    @Test func legendShowsASymbolLayersIconsAsTheMapDrawsThem() throws {
        let data = try MapData(stylePath: "\(Self.root)/Styles/yuanhui.json")
        let renderer = MapRenderer(data: data)
        var request = MapRequest(width: 1200, height: 900)
        request.extent = .boundingBox(Box(minX: 113.78, minY: 33.445, maxX: 114.045, maxY: 33.615))
        let (frame, projected) = try renderer.frame(for: request)
        let map = SceneBuilder(style: data.style, sources: projected.sources, frame: frame).build()
        let entries = LegendBuilder.entries(style: data.style, map: map, frame: frame, sources: projected.sources, only: nil,
                                            pixelRatio: 1)
        // The hospitals and schools layer: its two SVG icons, by name, the images the map drew.
        let poi = try #require(entries.first { $0.title == "医院 Hospital · 学校 School" })
        guard case .icons(let icons) = poi.swatch else {
            Issue.record("the icon layer's swatch is \(poi.swatch)")
            return
        }
        #expect(icons.map(\.image.name) == ["hospital", "school"])
        var drawn: [IconImage] = []
        for layer in map.layers where layer.id == "poi-icons" {
            for case .icon(let icon) in layer.commands { drawn.append(icon.image) }
        }
        for icon in icons { #expect(drawn.contains { $0 === icon.image }) }
        // Placed in a 10×12 share of a swatch, it fits the share and keeps the image's shape.
        let cell = Box(minX: 0, minY: 0, maxX: 10, maxY: 12)
        let fitted = icons[0].fitted(in: cell, maxScale: 1).box
        #expect(fitted.minX >= -1e-9 && fitted.maxX <= 10 + 1e-9 && fitted.minY >= -1e-9 && fitted.maxY <= 12 + 1e-9)
        let aspect = icons[0].image.displayWidth / icons[0].image.displayHeight
        #expect(abs((fitted.maxX - fitted.minX) / (fitted.maxY - fitted.minY) - aspect) < 1e-9)
    }

    @Test(arguments: [
        (#"{"page": {"size": "A7"}}"#, "/page/size", "expected one of A1, A2, A3, A4, A5, Legal, Letter, Tabloid or [width, height], found \"A7\""),
        (#"{"page": {"orientation": "sideways"}}"#, "/page/orientation", "expected \"portrait\" or \"landscape\", found \"sideways\""),
        (#"{"page": {"dpi": 5}}"#, "/page/dpi", "expected a number from 36 to 1200, found 5"),
        (#"{"elements": [{"type": "legend", "anchor": "middle"}]}"#, "/elements/0/anchor", "expected one of center, top, bottom, left, right, top-left, top-right, bottom-left, bottom-right, found \"middle\""),
        (#"{"elements": [{"type": "compass"}]}"#, "/elements/0/type", "expected one of title, subtitle, text, attribution, date, legend, scale-bar, north-arrow, grid, inset, table, categories, found \"compass\""),
        (#"{"elements": [{"type": "title"}]}"#, "/elements/0/text", "missing; a title needs its text"),
        (#"{"elements": [{"type": "scale-bar", "max-width": "wide"}]}"#, "/elements/0/max-width", "expected a length (a number), found \"wide\""),
        (#"{"map": {"width": -5}}"#, "/map", "the map frame must have a positive width and height"),
        (#"{"page": {"margins": [1, 2]}}"#, "/page/margins", "expected a length or [top, right, bottom, left], found […]"),
        (#"{"elements": [{"type": "inset", "bbox": [114, 33, 113, 34]}]}"#, "/elements/0/style", "missing; an inset needs a style file"),
        (#"[1]"#, "", "expected a layout object, found array"),
    ])
    func brokenLayoutsSayWhereAndWhy(_ text: String, _ pointer: String, _ message: String) throws {
        let diagnostics = LayoutParser.validate(try JSONParser.parse(text)).filter { $0.severity == .error }
        #expect(diagnostics.contains { $0.pointer == pointer && $0.message == message }, "\(diagnostics)")
    }

    @Test func reportPagePDFIsVectorWithSelectableTextAndTitle() throws {
        let dir = NSTemporaryDirectory() + "cartouche-page-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let renderer = MapRenderer(data: try MapData(stylePath: "\(Self.root)/Styles/yuanhui.json"))
        let layout = try LayoutParser.load(path: "\(Self.root)/Styles/report-a4.json")
        var request = MapRequest()
        request.extent = .boundingBox(Box(minX: 113.78, minY: 33.445, maxX: 114.045, maxY: 33.615))
        try renderer.render(request, to: dir + "/page.pdf", layout: layout)
        let info = try shell("pdfinfo \(dir)/page.pdf")
        #expect(info.contains("Title:           源汇区2024年道路与重点项目图"))
        // A4 landscape: 842 x 595 points.
        #expect(info.contains("841.89 x 595.276 pts (A4)"), "\(info)")
        let text = try shell("pdftotext \(dir)/page.pdf -")
        for expected in ["源汇区2024年道路与重点项目图", "图例 Legend", "空冢郭镇", "1:", "km"] {
            #expect(text.contains(expected), "\(expected) is not text in the PDF")
        }
        // Nothing was rasterised but the style's icons (each at most 64 pixels a side).
        let images = try shell("pdfimages -list \(dir)/page.pdf")
        for row in images.split(separator: "\n").dropFirst(2) {
            let fields = row.split(separator: " ")
            #expect(fields.count > 4 && (Int(fields[3]) ?? .max) <= 64 && (Int(fields[4]) ?? .max) <= 64, "\(row)")
        }
    }

    func shell(_ command: String) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        p.arguments = ["-c", command]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }
}
