import Foundation
import Geometry
import JSON
import Projection
import Style
import TestSupport
import Testing
@testable import Render

/// Labels from a style's own glyph PBFs (`glyphs` naming local files), as MapLibre draws
/// them, with the system fonts for what the glyph set does not have.
@Suite("Glyph sets")
struct GlyphSetTests {
    /// A glyph PBF range file holding `glyphs` (code point, advance, a solid block field
    /// of width × height), encoded as MapLibre's glyph sets are.
    static func pbf(_ glyphs: [(code: UInt32, advance: Int, width: Int, height: Int)]) -> [UInt8] {
        func varint(_ v: UInt64) -> [UInt8] {
            var v = v, out: [UInt8] = []
            repeat {
                out.append(UInt8(v & 0x7F) | (v >= 0x80 ? 0x80 : 0))
                v >>= 7
            } while v > 0
            return out
        }
        func field(_ n: Int, _ v: UInt64) -> [UInt8] { varint(UInt64(n << 3)) + varint(v) }
        func bytes(_ n: Int, _ b: [UInt8]) -> [UInt8] { varint(UInt64(n << 3 | 2)) + varint(UInt64(b.count)) + b }
        func zigzag(_ v: Int) -> UInt64 { UInt64(bitPattern: Int64((v << 1) ^ (v >> 63))) }
        var stack = bytes(1, Array("Test Stack".utf8)) + bytes(2, Array("0-255".utf8))
        for g in glyphs {
            let w = g.width + 6, h = g.height + 6
            var bitmap = [UInt8](repeating: 0, count: w * h)
            for y in 3..<(h - 3) { for x in 3..<(w - 3) { bitmap[y * w + x] = 255 } }
            let glyph = field(1, UInt64(g.code)) + bytes(2, bitmap) + field(3, UInt64(g.width)) + field(4, UInt64(g.height))
                + field(5, zigzag(1)) + field(6, zigzag(-4)) + field(7, UInt64(g.advance))
            stack += bytes(3, glyph)
        }
        return bytes(1, stack)
    }

    /// A folder with `fonts/Test Stack/0-255.pbf` holding an `A` 30 px wide (advance 40)
    /// and nothing else.
    static func glyphFolder() throws -> String {
        let dir = try ScratchDirectory.make("glyphs")
        try FileManager.default.createDirectory(atPath: "\(dir)/fonts/Test Stack", withIntermediateDirectories: true)
        try Data(pbf([(65, 40, 30, 18)])).write(to: URL(fileURLWithPath: "\(dir)/fonts/Test Stack/0-255.pbf"))
        return dir
    }

    func labels(_ text: String, glyphs: String?, directory: String) throws -> [PlacedLabel] {
        let data = #"{"type": "Point", "coordinates": [0, 0]}"#
        let glyphsEntry = glyphs.map { #""glyphs": "\#($0)","# } ?? ""
        let style = try StyleParser.parse(JSONParser.parse("""
        {"version": 8, \(glyphsEntry) "sources": {"s": {"type": "geojson", "data": \(data)}},
         "layers": [{"id": "t", "type": "symbol", "source": "s",
                     "layout": {"text-field": "\(text)", "text-font": ["Test Stack"], "text-size": 24}}]}
        """), baseDirectory: directory)
        var table = try GeoJSONReader.read(string: data).table
        _ = table.transform(with: try Transformer(from: .wgs84, to: .webMercator))
        let frame = try MapFrame.camera(crs: .webMercator, longitude: 0, latitude: 0, zoom: 2, width: 300, height: 200)
        let scene = SceneBuilder(style: style, sources: ["s": RenderSource(id: "s", table: table)], frame: frame).build()
        return scene.layers.flatMap { $0.commands.compactMap { if case .label(let l) = $0 { l } else { nil } } }
    }

    @Test func labelsTakeGlyphsAndAdvancesFromTheStylesGlyphSet() throws {
        let dir = try Self.glyphFolder()
        let label = try #require(try labels("AA", glyphs: "fonts/{fontstack}/{range}.pbf", directory: dir).first)
        #expect(label.runs.count == 1)
        #expect(label.runs[0].font.hasPrefix(GlyphSets.fontPrefix))
        #expect(label.runs[0].glyphs == [65, 65])
        // The glyph set's advance (40 at 24 px), not the system font's.
        #expect(label.runs[0].positions[2] - label.runs[0].positions[0] == 40)
        #expect(label.width == 80)
    }

    @Test func aFileURLWithAQueryNamesTheSameGlyphSet() throws {
        let dir = try Self.glyphFolder()
        let label = try #require(try labels("A", glyphs: "file://\(dir)/fonts/{fontstack}/{range}.pbf?key=1", directory: "/").first)
        #expect(label.runs.first?.font.hasPrefix(GlyphSets.fontPrefix) == true)
    }

    @Test func charactersTheGlyphSetLacksComeFromTheSystemFonts() throws {
        let dir = try Self.glyphFolder()
        // Z is in the range file but not in it; 中 is in a range with no file.
        let label = try #require(try labels("AZ中", glyphs: "fonts/{fontstack}/{range}.pbf", directory: dir).first)
        let fromSet = label.runs.filter { $0.font.hasPrefix(GlyphSets.fontPrefix) }
        let fromSystem = label.runs.filter { !$0.font.hasPrefix(GlyphSets.fontPrefix) }
        #expect(fromSet.flatMap(\.glyphs) == [65])
        #expect(fromSystem.flatMap(\.glyphs).count == 2)
        #expect(fromSystem.allSatisfy { !$0.glyphs.contains(0x0FFFFFFF) })
        // PDF and outline drawing get the glyph set's characters back in system faces.
        #expect(fromSet[0].systemRuns().flatMap(\.glyphs).count == 1)
        #expect(fromSet[0].systemRuns().allSatisfy { !$0.font.hasPrefix(GlyphSets.fontPrefix) })
    }

    @Test func remoteGlyphURLsAreNeverFetched() throws {
        let dir = try Self.glyphFolder()
        let label = try #require(try labels("A", glyphs: "https://example.com/fonts/{fontstack}/{range}.pbf", directory: dir).first)
        #expect(label.runs.allSatisfy { !$0.font.hasPrefix(GlyphSets.fontPrefix) })
    }

    @Test func aDamagedRangeFileDrawsFromTheSystemFonts() throws {
        let dir = try Self.glyphFolder()
        try Data([0x0A, 0xFF, 0xFF, 0xFF]).write(to: URL(fileURLWithPath: "\(dir)/fonts/Test Stack/0-255.pbf"))
        #expect(GlyphPBF.read(path: "\(dir)/fonts/Test Stack/0-255.pbf") == nil)
        let label = try #require(try labels("A", glyphs: "fonts/{fontstack}/{range}.pbf", directory: dir).first)
        #expect(label.runs.allSatisfy { !$0.font.hasPrefix(GlyphSets.fontPrefix) })
    }

    @Test func arabicIsDrawnInMapLibresPresentationForms() {
        // سلام: seen initial, lam-alef final (the alef merged into it), meem isolated.
        let forms = ArabicForms.shaped(Array("سلام".unicodeScalars))
        #expect(forms == [0xFEB3, 0xFEFC, nil, 0xFEE1])
        // بغداد: beh initial, ghain medial, dal final, alef isolated, dal isolated.
        #expect(ArabicForms.shaped(Array("بغداد".unicodeScalars)) == [0xFE91, 0xFED0, 0xFEAA, 0xFE8D, 0xFEA9])
        #expect(!"بغداد Baghdad".allowsLetterSpacing)
        #expect("Baghdad 巴格达".allowsLetterSpacing)
    }

    @Test func verticalTextBreaksIntoColumnsInVisualOrder() {
        // Seven katakana, then Arabic, then four katakana: at ten ems a line, MapLibre's
        // balanced breaking (as in its test cjk-arabic-vertical-mode) leaves "ス", the Arabic
        // and the last katakana for the second column, in the order the paragraph (left to
        // right) shows them: the Arabic's letters reversed and joined.
        let paragraphs = VerticalText.paragraphs("マップボックス نشاط ボックス")
        let columns = VerticalText.columns(paragraphs, maxWidth: 10 * 24, font: "Noto Sans 24px") { c in
            VerticalText.standsUpright(c) ? 24 : 10
        }
        #expect(columns.count == 2)
        #expect(columns[0].joined() == "マップボック")
        // نشاط: noon initial, sheen medial, alef final, tah isolated; shown reversed.
        #expect(columns[1].map { $0.unicodeScalars.first!.value }
            == [0x30B9, 0x20, 0xFEC1, 0xFE8E, 0xFEB8, 0xFEE7, 0x20, 0x30DC, 0x30C3, 0x30AF, 0x30B9])
    }
}
