import CPango

/// The glyphs Pango chose for the prepared layout, in visual order, with what MapLibre
/// needs to lay them out again: Pango picks faces (font fallback), orders right-to-left
/// text and forms joined Arabic letters; MapLibre's own metrics then decide positions.
struct ShapedRun {
    /// The face's Pango description, with its size: "Open Sans Semi-Bold 16px".
    var font: String
    /// The characters of the run, in logical order.
    var text: String
    var glyphs: [ShapedGlyph]
}

struct ShapedGlyph {
    var id: UInt32
    /// Pango's advance, offsets from the pen, device pixels. A zero advance marks a glyph
    /// that sits on the one before (a combining mark).
    var width: Double
    var xOffset: Double
    var yOffset: Double
    /// Byte index in the layout's text of the character the glyph's cluster starts at.
    var byteIndex: Int
}

extension TextShaper {
    /// The runs of `text` laid out whole on one line, visual order: by character where
    /// that gives the same (`CharacterGlyphs`), otherwise with Pango.
    func shapedRuns(_ text: String, font: String, features: String) -> [ShapedRun] {
        if let runs = characterGlyphs.runs(text, font: font, features: features, shaper: self) { return runs }
        prepare(text: text, font: font, features: features)
        return shapedRuns()
    }

    /// The runs of the prepared layout's lines, visual order.
    func shapedRuns() -> [ShapedRun] {
        var runs: [ShapedRun] = []
        let scale = Double(PANGO_SCALE)
        forEachRun { _, run, characters in
            let item = run.pointee.item!, glyphs = run.pointee.glyphs!
            let start = Int(item.pointee.offset)
            var shaped = ShapedRun(font: faceDescription(item.pointee.analysis.font), text: characters, glyphs: [])
            let infos = glyphs.pointee.glyphs!, clusters = glyphs.pointee.log_clusters!
            for g in 0..<Int(glyphs.pointee.num_glyphs) {
                let info = infos[g]
                shaped.glyphs.append(ShapedGlyph(id: info.glyph, width: Double(info.geometry.width) / scale,
                                                 xOffset: Double(info.geometry.x_offset) / scale,
                                                 yOffset: Double(info.geometry.y_offset + run.pointee.y_offset) / scale,
                                                 byteIndex: start + Int(clusters[g])))
            }
            runs.append(shaped)
        }
        return runs
    }
}

extension ShapedGlyph {
    /// Pango's empty glyph (PANGO_GLYPH_EMPTY): takes space, draws nothing.
    var isEmpty: Bool { id == 0x0FFFFFFF }
}
