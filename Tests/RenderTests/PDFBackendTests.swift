import Foundation
import Geometry
import Style
import Testing
@testable import Render
import TestSupport

/// The PDF writer: a scene with every kind of draw command, checked as a file (the
/// cross-reference table, layers, title, qpdf), as a picture (poppler against the PNG of
/// the same scene) and as text (pdftotext), plus reproducibility and several pages.
@Suite("PDF output")
struct PDFBackendTests {
    static let latinAndChinese = "源汇区 Yuanhui"

    static func label(_ text: String, size: Double, x: Double, y: Double, wrap: Double? = nil, halo: Double = 0,
                      haloColor: Color = .white, letterSpacing: Double = 0) -> PlacedLabel {
        let font = FontStack(["Noto Sans Regular"]).description(size: size)
        let block = TextBlock.shape(text, font: font, size: size, maxWidth: wrap, lineHeight: 1.2 * size,
                                    letterSpacing: letterSpacing, alignment: .center)
        var label = PlacedLabel(text: block.text, font: font, originX: x, originY: y, width: block.width, height: block.height,
                                color: Color(r: 0.1, g: 0.1, b: 0.3), haloColor: haloColor, haloWidth: halo,
                                alignment: .center, lineHeight: block.lineHeight, letterSpacing: letterSpacing)
        label.runs = block.runs
        return label
    }

    /// A 400×300 scene using every draw command: fills with a hole and an outline,
    /// strokes with caps, joins, dashes and blur, plain, ringed and blurred circles, a
    /// gradient line, and labels (with blurred, opaque and translucent halos, turned and
    /// letter-spaced, wrapped, and glyph by glyph) under a clip rectangle.
    static func everyCommand() -> Scene {
        var scene = Scene(width: 400, height: 300, pixelRatio: 1)
        func path(_ layer: inout SceneLayer, _ points: [(Double, Double)], closed: Bool) -> Range<Int> {
            let first = layer.paths.subpathCount
            for (x, y) in points {
                layer.paths.points.append(x)
                layer.paths.points.append(y)
            }
            layer.paths.endSubpath(closed: closed)
            return first..<layer.paths.subpathCount
        }
        scene.layers.append(SceneLayer(id: "background", commands: [.background(Color(r: 0.95, g: 0.94, b: 0.9))]))

        var fills = SceneLayer(id: "fills")
        let square = path(&fills, [(20, 20), (140, 20), (140, 120), (20, 120)], closed: true)
        let hole = path(&fills, [(50, 50), (110, 50), (110, 90), (50, 90)], closed: true)
        let outlined = FillPaint(color: Color(r: 0.2, g: 0.6, b: 0.3, a: 0.8), outline: Color(r: 0.1, g: 0.3, b: 0.1))
        fills.commands.append(.fill(subpaths: square.lowerBound..<hole.upperBound, paint: outlined))
        let triangle = path(&fills, [(160, 20), (230, 110), (160, 110)], closed: true)
        fills.commands.append(.fill(subpaths: triangle, paint: FillPaint(color: Color(r: 0.8, g: 0.7, b: 0.2))))
        scene.layers.append(fills)

        var lines = SceneLayer(id: "lines")
        let zigzag = path(&lines, [(250, 30), (300, 90), (330, 30), (380, 100)], closed: false)
        lines.commands.append(.stroke(subpaths: zigzag, paint: StrokePaint(color: Color(r: 0.7, g: 0.2, b: 0.1), width: 8,
                                                                         join: .miter, miterLimit: 4)))
        let dashed = path(&lines, [(20, 150), (380, 150)], closed: false)
        lines.commands.append(.stroke(subpaths: dashed, paint: StrokePaint(color: Color(r: 0.1, g: 0.2, b: 0.6), width: 4,
                                                                         cap: .round, dashes: [12, 8], dashOffset: 4)))
        let blurred = path(&lines, [(20, 180), (200, 175), (380, 185)], closed: false)
        lines.commands.append(.stroke(subpaths: blurred, paint: StrokePaint(color: Color(r: 0.5, g: 0.1, b: 0.5, a: 0.7), width: 8,
                                                                          cap: .round, join: .round, blur: 3)))
        scene.layers.append(lines)

        var points = SceneLayer(id: "points")
        for x in [40.0, 70] { points.commands.append(.circle(x: x, y: 220, paint: CirclePaint(radius: 8, color: Color(r: 0.8, g: 0.1, b: 0.2)))) }
        points.commands.append(.circle(x: 110, y: 220, paint: CirclePaint(radius: 8, color: Color(r: 0.2, g: 0.4, b: 0.9, a: 0.5),
                                                                          strokeWidth: 3, strokeColor: .black)))
        points.commands.append(.circle(x: 150, y: 220, paint: CirclePaint(radius: 8, color: .white, strokeWidth: 2,
                                                                          strokeColor: Color(r: 0.8, g: 0.1, b: 0.2))))
        points.commands.append(.circle(x: 200, y: 220, paint: CirclePaint(radius: 14, color: Color(r: 0.9, g: 0.5, b: 0), blur: 0.6)))
        scene.layers.append(points)

        var gradient = SceneLayer(id: "gradient")
        let red = Color(r: 1, g: 0, b: 0), blue = Color(r: 0, g: 0, b: 1), clear = Color(r: 0, g: 0, b: 1, a: 0)
        gradient.commands.append(.gradientLine(segments: [
            GradientSegment(x0: 240, y0: 260, x1: 300, y1: 230, stops: [(0, red), (1, Color(r: 0.5, g: 0, b: 0.5))]),
            GradientSegment(x0: 300, y0: 230, x1: 380, y1: 280, stops: [(0, Color(r: 0.5, g: 0, b: 0.5)), (0.5, blue), (1, clear)]),
        ], paint: StrokePaint(color: Color(r: 0, g: 0, b: 0, a: 0.9), width: 6)))
        scene.layers.append(gradient)

        var labels = SceneLayer(id: "labels")
        labels.clip = Box(minX: 0, minY: 0, maxX: 400, maxY: 290)
        var blurredHalo = label(latinAndChinese, size: 18, x: 30, y: 240, halo: 3)
        blurredHalo.haloBlur = 1.5
        labels.commands.append(.label(blurredHalo))
        var turned = label("Turned 转", size: 14, x: 160, y: 255, halo: 1, letterSpacing: 1.5)
        turned.rotation = -0.15
        (turned.pivotX, turned.pivotY) = (200, 265)
        labels.commands.append(.label(turned))
        labels.commands.append(.label(label("Sand River 沙河 wraps", size: 13, x: 250, y: 110, wrap: 90, halo: 1.5,
                                            haloColor: Color(r: 1, g: 1, b: 0.6, a: 0.6))))
        var alongLine = label("沙河", size: 16, x: 0, y: 0, halo: 2)
        let pieces = TextShaper.current.clusters("沙河", font: alongLine.font, letterSpacing: 0)
        alongLine.glyphs = zip(pieces, [(240.0, 205.0, -0.3), (256, 200, -0.2)]).map { piece, place in
            LabelGlyph(text: piece.text, x: place.0, y: place.1, angle: place.2, runs: piece.runs)
        }
        labels.commands.append(.label(alongLine))
        scene.layers.append(labels)
        return scene
    }

    @Test func fileStructureHasTheLayersTitleAndValidObjects() throws {
        let scene = Self.everyCommand()
        let bytes = try PDFBackend.pdf([scene], title: "源汇区 report")
        let file = try PDFFileStructure(bytes)
        let objects = try file.allObjects()
        let catalog = try file.object(try #require(PDFFileStructure.reference("Root", in: file.trailer)))
        let groups = PDFFileStructure.references("OCGs", in: catalog)
        let names = try groups.map { n -> String in
            let ocg = try file.object(n)
            #expect(ocg.contains("/Type/OCG"))
            return String(ocg.split(separator: "(")[1].prefix { $0 != ")" })
        }
        #expect(names == scene.layers.map(\.id))
        #expect(PDFFileStructure.references("ON", in: catalog) == groups)
        // Every page and form shares one resource dictionary naming each group.
        let page = try #require(objects.values.first { $0.contains("/Type/Page/") })
        let resources = try file.object(try #require(PDFFileStructure.reference("Resources", in: page)))
        for n in groups { #expect(resources.contains(" \(n) 0 R")) }
        #expect(page.contains("/MediaBox[0 0 300 225]"))
        let info = try file.object(try #require(PDFFileStructure.reference("Info", in: file.trailer)))
        #expect(info.contains("/Creator(Cartouche)"))
        #expect(!String(decoding: bytes, as: UTF8.self).contains("/CreationDate"))

        let dir = try Tool.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Data(bytes).write(to: URL(fileURLWithPath: dir + "/scene.pdf"))
        let check = try Tool.run(["qpdf", "--check", dir + "/scene.pdf"])
        #expect(check.status == 0, "qpdf --check: \(check.output)")
        #expect(check.output.contains("No syntax or stream encoding errors"))
        let pdfInfo = try Tool.run(["pdfinfo", dir + "/scene.pdf"]).output
        #expect(pdfInfo.contains("Title:           源汇区 report"), "\(pdfInfo)")
        #expect(pdfInfo.contains("PDF version:     1.5"))
        // Each layer's content is marked as its group's.
        try Tool.run(["qpdf", "--qdf", "--object-streams=disable", dir + "/scene.pdf", dir + "/plain.pdf"])
        let plain = try String(contentsOfFile: dir + "/plain.pdf", encoding: .isoLatin1)
        #expect(plain.components(separatedBy: " BDC").count - 1 == scene.layers.count)
    }

    /// poppler's rendering at 96 dpi against Cairo's PNG of the same scene. Paths are
    /// drawn by two rasterisers, and Cairo 1.16 puts glyphs on whole pixels where the PDF
    /// keeps Pango's fractional positions, so edges and text differ slightly: at most 1.5%
    /// of pixels may differ by more than 48/255 (1.0% do; the command-line test allows 3%
    /// for a whole map).
    @Test func looksLikeThePNG() throws {
        let scene = Self.everyCommand()
        let dir = try Tool.temporaryDirectory()
        try Data(try PDFBackend.pdf([scene])).write(to: URL(fileURLWithPath: dir + "/scene.pdf"))
        try Data(try CairoBackend.png(scene)).write(to: URL(fileURLWithPath: dir + "/scene.png"))
        let render = try Tool.run(["pdftoppm", "-r", "96", "-png", "-singlefile", dir + "/scene.pdf", dir + "/poppler"])
        try #require(render.status == 0)
        let c = try ImageComparison.compare(actual: dir + "/poppler.png", expected: dir + "/scene.png", threshold: 48,
                                            diffPath: dir + "/diff.png")
        #expect(c.width == 400 && c.height == 300)
        #expect(c.differingFraction <= 0.015, "\(c.differingPixels) pixels differ; see \(dir)")
        // The files and the diff image stay for a look when the pictures differ.
        if c.differingFraction <= 0.015 { try? FileManager.default.removeItem(atPath: dir) }
    }

    @Test func textIsExtractable() throws {
        let dir = try Tool.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Data(try PDFBackend.pdf([Self.everyCommand()])).write(to: URL(fileURLWithPath: dir + "/scene.pdf"))
        let text = try Tool.run(["pdftotext", dir + "/scene.pdf", "-"]).output
        #expect(text.contains(Self.latinAndChinese), "\(text)")
        // The wrapped label's words, each once (halos are paths, not text).
        for word in ["Sand", "River", "wraps"] { #expect(text.components(separatedBy: word).count == 2, "\(text)") }
        // The glyph-by-glyph label's characters.
        #expect(text.components(separatedBy: "沙").count == 3, "\(text)")
        #expect(text.contains("河"))
        // A turned label reads back in pieces (pdftotext finds lines only at right angles), but whole.
        for character in "Turned转" { #expect(text.contains(character)) }
    }

    /// A glyph standing for several characters (a composed accent, a ligature) cannot be
    /// mapped one to one: the run carries its text as /ActualText, which readers extract.
    @Test func textOfGlyphsForSeveralCharactersIsKept() throws {
        let text = "Cafe\u{301} fine"
        var scene = Scene(width: 300, height: 100, pixelRatio: 1)
        scene.layers = [SceneLayer(id: "text", commands: [.label(Self.label(text, size: 20, x: 10, y: 10))])]
        let runs = try #require({ if case .label(let l) = scene.layers[0].commands[0] { l.runs } else { nil } }())
        #expect(runs.contains { PDFLabelWriter.characters(of: $0) == nil })
        let bytes = try PDFBackend.pdf([scene])
        let dir = try Tool.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Data(bytes).write(to: URL(fileURLWithPath: dir + "/text.pdf"))
        let extracted = try Tool.run(["pdftotext", dir + "/text.pdf", "-"]).output
        // Swift compares text by canonical equivalence: é composed or not.
        #expect(extracted.trimmingCharacters(in: .whitespacesAndNewlines) == text, "\(extracted)")
    }

    /// Over 256 different glyphs need more than one Type 3 font; the text still reads back whole.
    @Test func manyGlyphsSpreadOverSeveralFonts() throws {
        let characters = (0..<300).map { Character(Unicode.Scalar(0x4E00 + $0 * 7)!) }
        let text = String(characters)
        var scene = Scene(width: 600, height: 800, pixelRatio: 1)
        scene.layers = [SceneLayer(id: "text", commands: [.label(Self.label(text, size: 14, x: 10, y: 10, wrap: 560))])]
        let bytes = try PDFBackend.pdf([scene])
        let fonts = String(decoding: bytes, as: UTF8.self).components(separatedBy: "/Subtype/Type3").count - 1
        #expect(fonts == 2)
        let dir = try Tool.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Data(bytes).write(to: URL(fileURLWithPath: dir + "/many.pdf"))
        let extracted = try Tool.run(["pdftotext", dir + "/many.pdf", "-"]).output.filter { !$0.isWhitespace }
        #expect(extracted == text)
    }

    @Test func identicalScenesGiveIdenticalBytes() throws {
        let first = try PDFBackend.pdf([Self.everyCommand()], title: "t")
        let second = try PDFBackend.pdf([Self.everyCommand()], title: "t")
        #expect(first == second)
        #expect(try PDFBackend.pdf([Self.everyCommand()], title: "u") != first)
    }

    @Test func eachSceneIsAPageOfItsOwnSize() throws {
        var small = Self.everyCommand()
        small.pixelRatio = 2
        var wide = Scene(width: 960, height: 480, pixelRatio: 1)
        wide.layers = [SceneLayer(id: "background", commands: [.background(.white)]), Self.everyCommand().layers[2]]
        let bytes = try PDFBackend.pdf([Self.everyCommand(), small, wide])
        let file = try PDFFileStructure(bytes)
        let pages = try file.allObjects().filter { $0.value.contains("/Type/Page/") }.sorted { $0.key < $1.key }.map(\.value)
        #expect(pages.map { $0.contains("/MediaBox[0 0 300 225]") } == [true, false, false])
        #expect(pages[1].contains("/MediaBox[0 0 150 112.5]"))
        #expect(pages[2].contains("/MediaBox[0 0 720 360]"))
        // Layers of the same id on several pages are one group.
        let catalog = try file.object(try #require(PDFFileStructure.reference("Root", in: file.trailer)))
        #expect(PDFFileStructure.references("OCGs", in: catalog).count == Self.everyCommand().layers.count)
        let dir = try Tool.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Data(bytes).write(to: URL(fileURLWithPath: dir + "/pages.pdf"))
        #expect(try Tool.run(["pdfinfo", dir + "/pages.pdf"]).output.contains("Pages:           3"))
        #expect(try Tool.run(["qpdf", "--check", dir + "/pages.pdf"]).status == 0)
    }

    @Test func aPDFNeedsAPage() {
        #expect(throws: RenderError.self) { try PDFBackend.pdf([]) }
    }

    @Test func numbersAreWrittenShortAndExact() {
        var out = PDFBuffer()
        for (v, d) in [(0.0, 2), (-0.001, 2), (12.5, 2), (-0.25, 2), (1234.567, 2), (0.1 + 0.2, 3), (3, 0), (-7.04, 1), (0.75, 6)] {
            out.number(v, decimals: d)
            out.byte(UInt8(ascii: " "))
        }
        #expect(String(decoding: out.bytes, as: UTF8.self) == "0 0 12.5 -0.25 1234.57 0.3 3 -7 0.75 ")
        var path = PDFBuffer()
        path.point(-0.004, 1234.567, "m")
        path.point(-10.05, 0.1, "l")
        path.point(100, 2000.999, "l")
        path.curve(1, -2, 3.5, 4.25, 0.004, -0.006)
        #expect(String(decoding: path.bytes, as: UTF8.self) == "0 1234.57 m\n-10.05 0.1 l\n100 2001 l\n1 -2 3.5 4.25 0 -0.01 c\n")
        var names = PDFBuffer()
        names.name("road labels/2")
        names.textString("a(b)")
        names.textString("河")
        #expect(String(decoding: names.bytes, as: UTF8.self) == "/road#20labels#2F2(a\\(b\\))<FEFF6CB3>")
    }
}
