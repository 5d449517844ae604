import CPango

/// One glyph of a laid-out text where Pango's renderer would draw it, for outputs that
/// write glyphs themselves (PDF): the font Pango chose (fallback fonts included), the
/// glyph's index in that font, its origin on the baseline relative to the layout's
/// top-left corner in device pixels, and the text it stands for.
struct ShapedGlyph {
    /// A `PangoFont`, owned by the shaper's font map.
    var font: UnsafeMutablePointer<PangoFont>
    var glyph: UInt32
    var x: Double
    var y: Double
    /// The text of the glyph's cluster for the cluster's first glyph, "" for any further
    /// glyphs of the same cluster, so that the glyphs spell the text exactly once.
    var text: String
}

extension TextShaper {
    /// Pango marks glyphs it draws nothing for (`PANGO_GLYPH_EMPTY`) and characters no
    /// font has (`PANGO_GLYPH_UNKNOWN_FLAG`, drawn as a hex box); neither is a font glyph.
    private static let emptyGlyph: UInt32 = 0x0FFF_FFFF
    private static let unknownFlag: UInt32 = 0x1000_0000

    /// The glyphs of a layout, positioned as `pango_renderer_draw_layout` positions them:
    /// each line at its logical x and baseline, runs one after the other (with the offsets
    /// letter spacing adds), each glyph at the pen plus its own offset.
    func glyphs(of layout: OpaquePointer) -> [ShapedGlyph] {
        guard let iter = pango_layout_get_iter(layout), let textPointer = pango_layout_get_text(layout) else { return [] }
        defer { pango_layout_iter_free(iter) }
        let scale = Double(PANGO_SCALE)
        var result: [ShapedGlyph] = []
        repeat {
            guard let line = pango_layout_iter_get_line_readonly(iter) else { continue }
            var logical = PangoRectangle()
            pango_layout_iter_get_line_extents(iter, nil, &logical)
            let baseline = Int(pango_layout_iter_get_baseline(iter))
            var x = Int(logical.x)
            var node = line.pointee.runs
            while let n = node {
                node = n.pointee.next
                guard let run = n.pointee.data?.assumingMemoryBound(to: PangoGlyphItem.self).pointee,
                      let font = run.item.pointee.analysis.font
                else { continue }
                let item = run.item.pointee
                let glyphs = run.glyphs.pointee
                let count = Int(glyphs.num_glyphs)
                x += Int(run.start_x_offset)
                let y = baseline - Int(run.y_offset)
                // Cluster starts within the item, so that each cluster's text ends where the next begins.
                let starts = Set((0..<count).map { Int(glyphs.log_clusters[$0]) }).sorted()
                var spelled = Set<Int>()
                for i in 0..<count {
                    let info = glyphs.glyphs[i]
                    let cluster = Int(glyphs.log_clusters[i])
                    let end = starts.first { $0 > cluster } ?? Int(item.length)
                    let text = spelled.insert(cluster).inserted
                        ? String(decoding: UnsafeRawBufferPointer(start: textPointer + Int(item.offset) + cluster, count: end - cluster),
                                 as: UTF8.self)
                        : ""
                    if info.glyph != Self.emptyGlyph && info.glyph & Self.unknownFlag == 0 {
                        result.append(ShapedGlyph(font: font, glyph: info.glyph,
                                                  x: Double(x + Int(info.geometry.x_offset)) / scale,
                                                  y: Double(y + Int(info.geometry.y_offset)) / scale, text: text))
                    }
                    x += Int(info.geometry.width)
                }
                x += Int(run.end_x_offset)
            }
        } while pango_layout_iter_next_line(iter) != 0
        return result
    }
}
