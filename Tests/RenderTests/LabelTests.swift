import Foundation
import Geometry
import JSON
import Projection
import Style
import Testing
@testable import Render
@testable import Cartouche

@Suite("Labels")
struct LabelTests {
    static let root = String(#filePath).components(separatedBy: "/Tests/")[0]

    static func labels(in scene: Scene) -> [(layer: String, label: PlacedLabel)] {
        scene.layers.flatMap { layer in
            layer.commands.compactMap { c -> (String, PlacedLabel)? in
                if case .label(let l) = c { return (layer.id, l) }
                return nil
            }
        }
    }

    @Test func placedLabelsNeverOverlapAndShowEveryPlaceName() throws {
        let data = try MapData(stylePath: "\(Self.root)/Styles/yuanhui.json")
        let scene = try MapRenderer(data: data).scene(for: MapRequest(width: 1600, height: 1200))
        let labels = Self.labels(in: scene)
        #expect(labels.count > 40)
        for i in labels.indices {
            for j in labels.indices where j > i {
                for a in labels[i].label.boxes {
                    for b in labels[j].label.boxes {
                        #expect(!a.intersects(b), "\(labels[i].label.text) overlaps \(labels[j].label.text)")
                    }
                }
            }
        }
        // Every town and village of the sample is named, and no label is cut by the edge.
        let places = try data.tables()["places"]!
        let shown = Set(labels.map(\.label.text))
        for row in 0..<places.count {
            let name = places.properties.value("name", row: row)!.stringValue!
            #expect(shown.contains(name), "\(name) is not labelled")
        }
        let image = Box(minX: 0, minY: 0, maxX: 1600, maxY: 1200)
        for (_, l) in labels { for b in l.boxes { #expect(image.contains(b), "\(l.text) is cut by the edge") } }
    }

    func scene(_ layer: String, _ data: String, width: Double = 400, height: Double = 300, zoom: Double = 4) throws -> Scene {
        let style = try StyleParser.parse(JSONParser.parse("""
        {"version": 8, "center": [0, 0], "zoom": \(zoom), "sources": {"s": {"type": "geojson", "data": \(data)}}, "layers": [\(layer)]}
        """))
        var table = try GeoJSONReader.read(string: data).table
        _ = table.transform(with: try Transformer(from: .wgs84, to: .webMercator))
        let frame = try MapFrame.camera(crs: .webMercator, longitude: 0, latitude: 0, zoom: zoom, width: width, height: height)
        return SceneBuilder(style: style, sources: ["s": RenderSource(id: "s", table: table)], frame: frame).build()
    }

    @Test func lineLabelsFollowTheLineAndReadLeftToRight() throws {
        // A line drawn from east to west: the label must still read left to right.
        let line = #"{"type": "LineString", "coordinates": [[10, 1], [0, 0.5], [-10, -1]]}"#
        let s = try scene(#"{"id": "t", "type": "symbol", "source": "s", "layout": {"text-field": "Taojiang Road", "symbol-placement": "line-center", "text-size": 14}}"#, line)
        let label = try #require(Self.labels(in: s).first?.label)
        let glyphs = try #require(label.glyphs)
        #expect(glyphs.count == "Taojiang Road".count)
        #expect(glyphs.first!.x < glyphs.last!.x)
        // Each glyph is upright (turned less than a quarter) and sits on the line.
        for g in glyphs { #expect(abs(g.angle) < .pi / 2) }
        let box = label.boxes.reduce(Box.empty) { $0.union($1) }
        #expect(box.height < 40)
    }

    @Test func chineseOnSteepLinesStandsUpright() throws {
        let line = #"{"type": "LineString", "coordinates": [[0, 10], [0.2, 0], [0, -10]]}"#
        let s = try scene(#"{"id": "t", "type": "symbol", "source": "s", "layout": {"text-field": "峨眉山路", "symbol-placement": "line-center", "text-font": ["Noto Sans CJK SC Regular"]}}"#, line)
        let glyphs = try #require(Self.labels(in: s).first?.label.glyphs)
        #expect(glyphs.map(\.text) == ["峨", "眉", "山", "路"])
        #expect(glyphs.allSatisfy { $0.angle == 0 })
        // Read from the top down.
        #expect(zip(glyphs, glyphs.dropFirst()).allSatisfy { $0.y < $1.y })
    }

    @Test func wrapsChineseBetweenCharactersAndLatinBetweenWords() {
        let font = FontStack(["Noto Sans CJK SC Regular"]).description(size: 16)
        let chinese = TextBlock.shape("漯河生态循环经济产业园", font: font, size: 16, maxWidth: 6 * 16, lineHeight: 19.2,
                                      letterSpacing: 0, alignment: .center)
        #expect(chinese.lineCount == 2)
        #expect(chinese.width <= 6 * 16)
        // Balanced: the lines differ by at most one character.
        let lines = chinese.text.split(separator: "\n").map(\.count)
        #expect(abs(lines[0] - lines[1]) <= 1, "\(chinese.text)")

        let latinFont = FontStack(["Open Sans Regular"]).description(size: 16)
        let latin = TextBlock.shape("Yuanhui District Planning Office", font: latinFont, size: 16, maxWidth: 10 * 16,
                                    lineHeight: 19.2, letterSpacing: 0, alignment: .center)
        #expect(latin.lineCount == 2)
        for line in latin.text.split(separator: "\n") {
            #expect(!line.hasPrefix(" ") && !line.hasSuffix(" "))
            #expect(["Yuanhui District", "Planning Office", "Yuanhui", "District Planning Office"].contains(String(line)), "\(line)")
        }
    }

    @Test func fontStacksFallBackWithoutMissingGlyphs() {
        let shaper = TextShaper.current
        for stack in [["No Such Font Bold"], ["Open Sans Semibold", "Arial Unicode MS Bold"], ["NotoCJK"]] {
            let layout = shaper.prepare(text: "源汇区 Yuanhui 空冢郭镇", font: FontStack(stack).description(size: 14))
            #expect(pango_layout_get_unknown_glyphs_count(layout) == 0, "\(stack) draws boxes")
        }
        #expect(FontStack(["Open Sans Semibold Italic"]).weight == 600)
        #expect(FontStack(["Open Sans Semibold Italic"]).italic)
        #expect(FontStack(["Open Sans Semibold"]).families.first == "Open Sans")
    }
}

import CPango
