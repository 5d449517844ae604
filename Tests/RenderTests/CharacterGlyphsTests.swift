import Testing
@testable import Render

/// Shaping by character must give exactly what Pango gives for the text laid out whole:
/// the same faces and glyphs at the same characters, or decline.
@Suite("Glyphs by character")
struct CharacterGlyphsTests {
    static let texts = [
        "前朱村", "空冢郭镇 17", "大刘镇", "源汇区 Yuanhui", "Daliu 大刘", "问十乡（东）", "沙河、澧河", "漯河市，源汇区。",
        "Yuanhui District", "No. 12 Road", "Ünïcödé café", "东京タワー", "서울 특별시", "Ⅱ 号路", "a\u{301} combining",
        "مرحبا", "שלום", "नमस्ते", "", " ", "  前  ", "100%", "「引号」", "〇一二", "第3村民组", "Road 1", "1 号路", "ｆｕｌｌ　ｗｉｄｔｈ", "×÷ 5", "«Mühle»", "ひらがな 1", "カタカナ・ー",
    ]
    static let stacks = [["Noto Sans CJK SC Regular"], ["Noto Sans CJK SC Bold"], ["Open Sans Regular"],
                         ["Open Sans Semibold", "Arial Unicode MS Regular"], ["No Such Font"]]

    /// (face, glyph, byte) of every drawn glyph, in order.
    static func glyphs(_ runs: [ShapedRun]) -> [String] {
        runs.flatMap { run in
            run.glyphs.filter { !$0.isEmpty && $0.id & 0x1000_0000 == 0 }.map { "\(run.font)|\($0.id)|\($0.byteIndex)" }
        }
    }

    @Test func sameGlyphsAsPangoOrNone() {
        let shaper = TextShaper.current
        var taken = 0
        for stack in Self.stacks {
            for size in [12.0, 16.5] {
                let font = FontStack(stack).description(size: size)
                // Twice: the second time from what the first one cached.
                for _ in 0..<2 {
                    for text in Self.texts {
                        guard let fast = shaper.characterGlyphs.runs(text, font: font, features: SymbolText.features, shaper: shaper)
                        else { continue }
                        taken += 1
                        shaper.prepare(text: text, font: font, features: SymbolText.features)
                        let whole = shaper.shapedRuns()
                        #expect(Self.glyphs(fast) == Self.glyphs(whole), "\(stack) \(size): \(text)")
                        #expect(fast.map(\.text).joined() == text)
                    }
                }
            }
        }
        // Chinese names in one CJK face are what most labels are: they must not need Pango.
        let cjk = FontStack(["Noto Sans CJK SC Regular"]).description(size: 12)
        for text in ["前朱村", "空冢郭镇 17", "问十乡（东）", "第3村民组"] {
            #expect(shaper.characterGlyphs.runs(text, font: cjk, features: SymbolText.features, shaper: shaper) != nil, "\(text)")
        }
        for text in ["مرحبا", "a\u{301} combining", "नमस्ते", "源汇区 Yuanhui"] {
            #expect(shaper.characterGlyphs.runs(text, font: cjk, features: SymbolText.features, shaper: shaper) == nil, "\(text)")
        }
        #expect(taken > 100)
    }
}
