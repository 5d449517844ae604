import CCairo
import Foundation
import JSON
import Style
import Testing
import TestSupport
@testable import Cartouche
@testable import Render

/// Icons and patterns from a sprite written by Cairo (a real PNG) and from SVG files:
/// where they land, what the user is told when an image is missing, and that vector
/// outputs embed each image once.
@Suite("Icons and patterns")
struct IconTests {
    /// A sprite sheet with a 10×10 red square "red" and a 4×4 blue square "blue".
    static func sprite(in dir: String) throws -> String {
        let surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, 16, 10)!
        defer { cairo_surface_destroy(surface) }
        let cr = cairo_create(surface)!
        cairo_set_source_rgb(cr, 1, 0, 0)
        cairo_rectangle(cr, 0, 0, 10, 10)
        cairo_fill(cr)
        cairo_set_source_rgb(cr, 0, 0, 1)
        cairo_rectangle(cr, 12, 0, 4, 4)
        cairo_fill(cr)
        cairo_destroy(cr)
        #expect(cairo_surface_write_to_png(surface, "\(dir)/sheet.png") == CAIRO_STATUS_SUCCESS)
        try #"{"red": {"x": 0, "y": 0, "width": 10, "height": 10, "pixelRatio": 1}, "blue": {"x": 12, "y": 0, "width": 4, "height": 4, "pixelRatio": 1}}"#
            .write(toFile: "\(dir)/sheet.json", atomically: true, encoding: .utf8)
        return "\(dir)/sheet"
    }

    static func style(sprite: String, layers: String, features: String, metadata: String = "{}") throws -> Style {
        let text = """
        {"version": 8, "zoom": 2, "center": [0, 0], "sprite": "\(sprite)", "metadata": \(metadata),
         "sources": {"points": {"type": "geojson", "data": {"type": "FeatureCollection", "features": [\(features)]}}},
         "layers": \(layers)}
        """
        return try StyleParser.parse(JSONParser.parse(text))
    }

    static func point(_ lon: Double, _ lat: Double, _ properties: String = "{}") -> String {
        #"{"type": "Feature", "properties": \#(properties), "geometry": {"type": "Point", "coordinates": [\#(lon), \#(lat)]}}"#
    }

    static func scene(_ style: Style, width: Double = 64, height: Double = 64) throws -> Scene {
        try MapRenderer(data: MapData(style: style)).scene(for: MapRequest(width: width, height: height, crs: .webMercator))
    }

    static func icons(_ scene: Scene) -> [PlacedIcon] {
        scene.layers.flatMap { $0.commands.compactMap { if case .icon(let i) = $0 { i } else { nil } } }
    }

    @Test func iconSitsCentredOnItsPointAndIsDrawnInThePNG() throws {
        let dir = try ScratchDirectory.make("icons")
        let style = try Self.style(sprite: Self.sprite(in: dir), layers: #"[{"id": "s", "type": "symbol", "source": "points", "layout": {"icon-image": "red"}}]"#,
                                   features: Self.point(0, 0))
        let scene = try Self.scene(style)
        let icons = Self.icons(scene)
        #expect(icons.count == 1)
        let box = try #require(icons.first?.box)
        #expect(abs(box.minX - 27) < 1e-9 && abs(box.maxX - 37) < 1e-9 && abs(box.minY - 27) < 1e-9)
        // The PNG is red at the centre and clear at the corner.
        let png = "\(dir)/map.png"
        try MapRenderer(data: MapData(style: style)).render(MapRequest(width: 64, height: 64, crs: .webMercator), to: png)
        let image = cairo_image_surface_create_from_png(png)!
        defer { cairo_surface_destroy(image) }
        let stride = Int(cairo_image_surface_get_stride(image))
        let data = cairo_image_surface_get_data(image)!
        func pixel(_ x: Int, _ y: Int) -> UInt32 { (UnsafeRawPointer(data) + y * stride + x * 4).loadUnaligned(as: UInt32.self) }
        #expect(pixel(32, 32) == 0xFFFF_0000)
        #expect(pixel(2, 2) >> 24 == 0)
    }

    @Test func iconsAndTextCollideTogether() throws {
        let dir = try ScratchDirectory.make("icons")
        // Two points 2 px apart (at zoom 2): the second symbol's icon would cover the first's.
        let layers = #"[{"id": "s", "type": "symbol", "source": "points", "layout": {"icon-image": "red", "text-field": "A", "text-size": 8}}]"#
        let style = try Self.style(sprite: Self.sprite(in: dir), layers: layers,
                                   features: Self.point(0, 0) + "," + Self.point(0.35, 0))
        let scene = try Self.scene(style, width: 128)
        let labels = scene.layers.flatMap { $0.commands.filter { if case .label = $0 { true } else { false } } }
        #expect(Self.icons(scene).count == 1)
        #expect(labels.count == 1)
    }

    @Test func missingImageIsNamedOncePerLayer() throws {
        let dir = try ScratchDirectory.make("icons")
        let layers = #"[{"id": "s", "type": "symbol", "source": "points", "layout": {"icon-image": ["get", "kind"], "icon-allow-overlap": true}}]"#
        let style = try Self.style(sprite: Self.sprite(in: dir), layers: layers,
                                   features: [Self.point(0, 0, #"{"kind": "nonesuch"}"#), Self.point(2, 0, #"{"kind": "nonesuch"}"#),
                                              Self.point(-2, 0, #"{"kind": "blue"}"#)].joined(separator: ","))
        let scene = try Self.scene(style)
        #expect(Self.icons(scene).count == 1)
        #expect(scene.warnings.filter { $0.contains("\"nonesuch\"") }.count == 1)
        #expect(scene.warnings.contains("layer \"s\": image \"nonesuch\" could not be loaded (it is not in the style's sprite)"))
    }

    @Test func remoteSpritesAndBrokenIndexesWarnAndTheMapStillDraws() throws {
        let dir = try ScratchDirectory.make("icons")
        let layers = ##"[{"id": "bg", "type": "background", "paint": {"background-color": "#ffffff"}}, {"id": "s", "type": "symbol", "source": "points", "layout": {"icon-image": "red"}}]"##
        let remote = try Self.scene(Self.style(sprite: "https://example.com/sprite", layers: layers, features: Self.point(0, 0)))
        #expect(remote.warnings.contains { $0.contains("remote sprites are not fetched") })
        #expect(remote.layers.count == 1)
        try "{not json".write(toFile: "\(dir)/broken.json", atomically: true, encoding: .utf8)
        try Data([0x89, 0x50]).write(to: URL(fileURLWithPath: "\(dir)/broken.png"))
        let broken = try Self.scene(Self.style(sprite: "\(dir)/broken", layers: layers, features: Self.point(0, 0)))
        #expect(broken.warnings.contains { $0.hasPrefix("sprite index \(dir)/broken.json:1:") })
        // A region outside the sheet is named.
        _ = try Self.sprite(in: dir)
        try #"{"red": {"x": 0, "y": 0, "width": 10, "height": 10}, "far": {"x": 100, "y": 0, "width": 4, "height": 4}}"#
            .write(toFile: "\(dir)/sheet.json", atomically: true, encoding: .utf8)
        let outside = try Self.scene(Self.style(sprite: "\(dir)/sheet", layers: layers, features: Self.point(0, 0)))
        #expect(outside.warnings.contains { $0.contains("image \"far\"") && $0.contains("outside the 16×10 sheet") })
        #expect(Self.icons(outside).count == 1)
    }

    @Test func vectorOutputsEmbedEachImageOnce() throws {
        let dir = try ScratchDirectory.make("icons")
        let layers = #"[{"id": "s", "type": "symbol", "source": "points", "layout": {"icon-image": "red", "icon-allow-overlap": true}}]"#
        let style = try Self.style(sprite: Self.sprite(in: dir), layers: layers,
                                   features: [Self.point(-5, 0), Self.point(0, 0), Self.point(5, 0)].joined(separator: ","))
        let renderer = MapRenderer(data: try MapData(style: style))
        let request = MapRequest(width: 128, height: 64, crs: .webMercator)
        let svg = String(decoding: try renderer.render(request, format: .svg).bytes, as: UTF8.self)
        #expect(svg.components(separatedBy: "<image").count - 1 == 1)
        #expect(svg.components(separatedBy: "<use href=\"#img0\"").count - 1 == 3)
        let pdf = String(decoding: try renderer.render(request, format: .pdf).bytes, as: UTF8.self)
        // The image and its soft mask, once each.
        #expect(pdf.components(separatedBy: "/Subtype/Image").count - 1 == 2)
    }

    @Test func svgIconsStayVectorInSVGAndPDFOutput() throws {
        let dir = try ScratchDirectory.make("icons")
        try ##"<svg xmlns="http://www.w3.org/2000/svg" width="12" height="12"><circle cx="6" cy="6" r="5" fill="#00ff00"/></svg>"##
            .write(toFile: "\(dir)/green.svg", atomically: true, encoding: .utf8)
        let text = """
        {"version": 8, "zoom": 0, "metadata": {"cartouche:icons": "\(dir)"},
         "sources": {"points": {"type": "geojson", "data": {"type": "Point", "coordinates": [0, 0]}}},
         "layers": [{"id": "s", "type": "symbol", "source": "points", "layout": {"icon-image": "green"}}]}
        """
        let style = try StyleParser.parse(JSONParser.parse(text))
        let renderer = MapRenderer(data: try MapData(style: style))
        for ratio in [1.0, 2.0] {
            let scene = try renderer.scene(for: MapRequest(width: 64, height: 64, pixelRatio: ratio, crs: .webMercator))
            let icon = try #require(Self.icons(scene).first)
            // Rasterised at the output's ratio: the image has ratio² as many pixels, the same size.
            #expect(icon.image.width == Int(12 * ratio))
            #expect(abs(icon.box.width - 12 * ratio) < 1e-9)
        }
        let svg = String(decoding: try renderer.render(MapRequest(width: 64, height: 64, crs: .webMercator), format: .svg).bytes, as: UTF8.self)
        #expect(svg.contains("href=\"data:image/svg+xml;base64,"))
        #expect(!svg.contains("data:image/png"))
        // PDF: the SVG's drawing as a Form XObject of its size in CSS pixels, no image.
        let pdf = String(decoding: try renderer.render(MapRequest(width: 64, height: 64, crs: .webMercator), format: .pdf).bytes, as: UTF8.self)
        #expect(!pdf.contains("/Subtype/Image"))
        #expect(pdf.components(separatedBy: "/Subtype/Form/BBox[0 0 12.0 12.0]").count - 1 == 1)
    }

    @Test func fillPatternsRepeatAlignedToTheWorld() throws {
        let dir = try ScratchDirectory.make("icons")
        let polygon = #"{"type": "Feature", "properties": {}, "geometry": {"type": "Polygon", "coordinates": [[[-40, -40], [40, -40], [40, 40], [-40, 40], [-40, -40]]]}}"#
        let layers = #"[{"id": "f", "type": "fill", "source": "points", "paint": {"fill-pattern": "blue"}}]"#
        let scene = try Self.scene(Self.style(sprite: Self.sprite(in: dir), layers: layers, features: polygon))
        let paints = scene.layers.flatMap { $0.commands.compactMap { if case .patternFill(_, let p) = $0 { p } else { nil } } }
        let paint = try #require(paints.first)
        // One image pixel per device pixel at zoom 2, the world's corner (at -992, -992
        // in the image) on the repeat grid of 4.
        #expect(abs(paint.a - 1) < 1e-9 && abs(paint.d - 1) < 1e-9 && abs(paint.b) < 1e-9 && abs(paint.c) < 1e-9)
        for v in [paint.ox, paint.oy] {
            let phase = (v + 992).truncatingRemainder(dividingBy: 4)
            #expect(min(abs(phase), abs(abs(phase) - 4)) < 1e-6)
        }
    }
}
