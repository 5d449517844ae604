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
    /// The runs of the prepared layout's lines, visual order.
    func shapedRuns() -> [ShapedRun] {
        let text = Array(String(cString: pango_layout_get_text(layout)).utf8)
        var runs: [ShapedRun] = []
        guard let iter = pango_layout_get_iter(layout) else { return runs }
        defer { pango_layout_iter_free(iter) }
        let scale = Double(PANGO_SCALE)
        repeat {
            guard let run = pango_layout_iter_get_run_readonly(iter), let item = run.pointee.item,
                  let glyphs = run.pointee.glyphs, glyphs.pointee.num_glyphs > 0
            else { continue }
            let start = Int(item.pointee.offset), length = Int(item.pointee.length)
            let characters = start >= 0 && start + length <= text.count
                ? String(decoding: text[start..<(start + length)], as: UTF8.self) : ""
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
        } while pango_layout_iter_next_run(iter) != 0
        return runs
    }
}

extension ShapedGlyph {
    /// Pango's empty glyph (PANGO_GLYPH_EMPTY): takes space, draws nothing.
    var isEmpty: Bool { id == 0x0FFFFFFF }
}
