import CCairo
import Geometry
import CPango
#if canImport(Glibc)
import Glibc
#endif

/// Lays out text with Pango, once per thread: the font map, context and one layout are
/// created on first use and reused for every label (creating them costs far more than
/// laying out a label). Hinting is off so that measurements are the same at every scale and
/// in every output format.
final class TextShaper {
    /// Text larger than this many device pixels is drawn at this size: Cairo cannot make
    /// scaled fonts much larger (at 750,000 px it fails), and no map needs them.
    static let maxFontSize = 10_000.0

    let context: OpaquePointer
    let layout: OpaquePointer
    /// Glyphs of characters shaped alone, for text that needs no layout.
    let characterGlyphs = CharacterGlyphs()
    private var descriptions: [String: OpaquePointer] = [:]
    private var ascents: [String: Double] = [:]
    private var stacks: [FontKey: String] = [:]
    private var faceKeys: [String: String] = [:]
    /// Faces loaded for drawing glyph runs, by description.
    fileprivate var faces: [String: UnsafeMutablePointer<PangoFont>] = [:]
    fileprivate var faceNames: [UnsafeMutablePointer<PangoFont>: String] = [:]

    private struct FontKey: Hashable {
        let names: [String]
        let size: Double
    }

    /// The Pango description for a `text-font` stack at a size, made once per thread.
    func fontDescription(stack names: [String], size: Double) -> String {
        let key = FontKey(names: names, size: size)
        if let d = stacks[key] { return d }
        let d = FontStack(names).description(size: size)
        stacks[key] = d
        return d
    }

    /// A face description without its size, naming the face whatever size it is drawn at.
    func faceKey(_ font: String) -> String {
        if let k = faceKeys[font] { return k }
        let d = pango_font_description_from_string(font)!
        defer { pango_font_description_free(d) }
        pango_font_description_unset_fields(d, PANGO_FONT_MASK_SIZE)
        let s = pango_font_description_to_string(d)!
        defer { g_free(s) }
        let k = String(cString: s)
        faceKeys[font] = k
        return k
    }

    private init() {
        let fontMap = pango_cairo_font_map_new()!
        context = pango_font_map_create_context(fontMap)
        g_object_unref(UnsafeMutableRawPointer(fontMap))
        let options = cairo_font_options_create()
        cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE)
        cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF)
        cairo_font_options_set_antialias(options, CAIRO_ANTIALIAS_GRAY)
        pango_cairo_context_set_font_options(context, options)
        cairo_font_options_destroy(options)
        layout = pango_layout_new(context)
    }

    static var current: TextShaper { perThread.value }
    private static let perThread = PerThread { TextShaper() }

    deinit {
        for f in faces.values { g_object_unref(UnsafeMutableRawPointer(f)) }
        for d in descriptions.values { pango_font_description_free(d) }
        g_object_unref(UnsafeMutableRawPointer(layout))
        g_object_unref(UnsafeMutableRawPointer(context))
    }

    func fontDescription(_ font: String) -> OpaquePointer {
        if let d = descriptions[font] { return d }
        let d = pango_font_description_from_string(font)!
        descriptions[font] = d
        return d
    }

    /// The font's ascent in device pixels (of the first face that has Latin letters).
    func ascent(_ font: String) -> Double {
        if let a = ascents[font] { return a }
        let metrics = pango_context_get_metrics(context, fontDescription(font), nil)!
        let a = Double(pango_font_metrics_get_ascent(metrics)) / Double(PANGO_SCALE)
        pango_font_metrics_unref(metrics)
        ascents[font] = a
        return a
    }

    /// Sets up the shared layout. `wrapWidth` wraps lines (Chinese between characters);
    /// `lineHeight` fixes the distance between baselines, in device pixels.
    @discardableResult
    func prepare(text: String, font: String, wrapWidth: Double? = nil, alignment: TextAlignment = .left,
                 lineHeight: Double? = nil, letterSpacing: Double = 0, features: String? = nil) -> OpaquePointer {
        pango_layout_set_text(layout, text, -1)
        pango_layout_set_font_description(layout, fontDescription(font))
        if let wrapWidth {
            pango_layout_set_width(layout, pangoUnits(max(wrapWidth, 1)))
            pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR)
        } else {
            pango_layout_set_width(layout, -1)
        }
        switch alignment {
        case .left: pango_layout_set_alignment(layout, PANGO_ALIGN_LEFT)
        case .center: pango_layout_set_alignment(layout, PANGO_ALIGN_CENTER)
        case .right: pango_layout_set_alignment(layout, PANGO_ALIGN_RIGHT)
        }
        let attrs = pango_attr_list_new()
        if letterSpacing != 0 {
            pango_attr_list_insert(attrs, pango_attr_letter_spacing_new(pangoUnits(letterSpacing)))
        }
        if let lineHeight {
            pango_attr_list_insert(attrs, pango_attr_line_height_new_absolute(pangoUnits(lineHeight)))
        }
        if let features { pango_attr_list_insert(attrs, pango_attr_font_features_new(features)) }
        pango_layout_set_attributes(layout, attrs)
        pango_attr_list_unref(attrs)
        return layout
    }

    /// The shared layout set up for a placed block label (valid until the next call).
    func layout(for label: PlacedLabel) -> OpaquePointer {
        prepare(text: label.text, font: label.font, alignment: label.alignment, lineHeight: label.lineHeight,
                letterSpacing: label.letterSpacing)
    }

    /// Logical size of the prepared layout, and its first baseline below its top, in pixels.
    func extents() -> (width: Double, height: Double, baseline: Double) {
        var ink = PangoRectangle(), logical = PangoRectangle()
        pango_layout_get_extents(layout, &ink, &logical)
        let scale = Double(PANGO_SCALE)
        return (Double(logical.width) / scale, Double(logical.height) / scale, Double(pango_layout_get_baseline(layout)) / scale)
    }

    /// The text of each line of the prepared layout, as Pango broke it.
    func lineTexts() -> [String] {
        let utf8 = Array(String(cString: pango_layout_get_text(layout)).utf8)
        var lines: [String] = []
        guard let iter = pango_layout_get_iter(layout) else { return lines }
        defer { pango_layout_iter_free(iter) }
        repeat {
            guard let line = pango_layout_iter_get_line_readonly(iter) else { continue }
            let start = Int(line.pointee.start_index), length = Int(line.pointee.length)
            guard start >= 0, start + length <= utf8.count else { continue }
            lines.append(String(decoding: utf8[start..<(start + length)], as: UTF8.self))
        } while pango_layout_iter_next_line(iter) != 0
        return lines
    }

    /// The lines of a placed label: each line's text, left edge and baseline relative to
    /// the layout's top-left corner, in device pixels. Vector outputs write these as text.
    func lines(for label: PlacedLabel) -> [(text: String, x: Double, baseline: Double)] {
        let layout = layout(for: label)
        guard let iter = pango_layout_get_iter(layout) else { return [] }
        defer { pango_layout_iter_free(iter) }
        let utf8 = Array(label.text.utf8)
        var result: [(String, Double, Double)] = []
        repeat {
            guard let line = pango_layout_iter_get_line_readonly(iter) else { continue }
            var ink = PangoRectangle(), logical = PangoRectangle()
            pango_layout_iter_get_line_extents(iter, &ink, &logical)
            let start = Int(line.pointee.start_index), length = Int(line.pointee.length)
            guard start >= 0, length > 0, start + length <= utf8.count else { continue }
            let text = String(decoding: utf8[start..<(start + length)], as: UTF8.self)
            let scale = Double(PANGO_SCALE)
            result.append((text, Double(logical.x) / scale, Double(pango_layout_iter_get_baseline(iter)) / scale))
        } while pango_layout_iter_next_line(iter) != 0
        return result
    }

    /// The clusters (what a reader sees as one character) of a single line of text, with
    /// each one's left edge, advance and glyphs (relative to its left end on the baseline),
    /// in device pixels: the pieces a line label places along its line.
    func clusters(_ text: String, font: String, letterSpacing: Double, features: String? = nil)
        -> [(text: String, x: Double, advance: Double, runs: [GlyphRun])] {
        prepare(text: text, font: font, letterSpacing: letterSpacing, features: features)
        let utf8 = Array(text.utf8)
        let baseline = extents().baseline
        let runs = glyphRuns()
        var starts: [(index: Int, x: Double, width: Double)] = []
        guard let iter = pango_layout_get_iter(layout) else { return [] }
        defer { pango_layout_iter_free(iter) }
        let scale = Double(PANGO_SCALE)
        repeat {
            var ink = PangoRectangle(), logical = PangoRectangle()
            pango_layout_iter_get_cluster_extents(iter, &ink, &logical)
            starts.append((Int(pango_layout_iter_get_index(iter)), Double(logical.x) / scale, Double(logical.width) / scale))
        } while pango_layout_iter_next_cluster(iter) != 0
        // Clusters come in visual order; their byte ranges run to the next start in text order.
        let boundaries = (starts.map(\.index) + [utf8.count]).sorted()
        return starts.compactMap { s in
            guard let next = boundaries.first(where: { $0 > s.index }), s.index < utf8.count else { return nil }
            // The glyphs whose origins fall inside the cluster, moved to its left end.
            var own: [GlyphRun] = []
            for run in runs {
                var piece = GlyphRun(font: run.font, glyphs: [], positions: [], text: "")
                for g in run.glyphs.indices {
                    let gx = run.positions[2 * g]
                    if gx >= s.x - 0.01 && gx < s.x + max(s.width, 0.01) - 0.01 {
                        piece.glyphs.append(run.glyphs[g])
                        piece.positions += [gx - s.x, run.positions[2 * g + 1] - baseline]
                    }
                }
                if !piece.glyphs.isEmpty { own.append(piece) }
            }
            let characters = String(decoding: utf8[s.index..<next], as: UTF8.self)
            for i in own.indices { own[i].text = characters }
            return (characters, s.x, s.width, own)
        }
    }

    /// A layout of one piece of a label (a glyph of a line label) in the label's font, and
    /// its baseline below the layout's top, in device pixels. Valid until the next call.
    func piece(_ text: String, of label: PlacedLabel) -> (layout: OpaquePointer, baseline: Double) {
        let layout = prepare(text: text, font: label.font)
        return (layout, Double(pango_layout_get_baseline(layout)) / Double(PANGO_SCALE))
    }

    /// CSS font properties of a Pango font description string: family list, size in
    /// device pixels, weight (100–900) and whether it is italic.
    func cssFont(_ font: String) -> (families: String, size: Double, weight: Int, italic: Bool) {
        let d = fontDescription(font)
        let families = pango_font_description_get_family(d).map { String(cString: $0) } ?? "sans-serif"
        let size = Double(pango_font_description_get_size(d)) / Double(PANGO_SCALE)
        let weight = Int(pango_font_description_get_weight(d).rawValue)
        return (families, size, weight, pango_font_description_get_style(d) != PANGO_STYLE_NORMAL)
    }
}

extension TextShaper {
    /// Calls `body` with each glyph run of the prepared layout that has glyphs, in visual
    /// order: the layout iterator (positioned on the run), the run, and its characters.
    func forEachRun(_ body: (OpaquePointer, UnsafeMutablePointer<PangoGlyphItem>, String) -> Void) {
        let text = Array(String(cString: pango_layout_get_text(layout)).utf8)
        guard let iter = pango_layout_get_iter(layout) else { return }
        defer { pango_layout_iter_free(iter) }
        repeat {
            guard let run = pango_layout_iter_get_run_readonly(iter), let item = run.pointee.item,
                  let glyphs = run.pointee.glyphs, glyphs.pointee.num_glyphs > 0
            else { continue }
            let start = Int(item.pointee.offset), length = Int(item.pointee.length)
            let characters = start >= 0 && start + length <= text.count
                ? String(decoding: text[start..<(start + length)], as: UTF8.self) : ""
            body(iter, run, characters)
        } while pango_layout_iter_next_run(iter) != 0
    }

    /// The glyph runs of the prepared layout, positioned relative to its top-left corner.
    func glyphRuns() -> [GlyphRun] {
        var runs: [GlyphRun] = []
        let scale = Double(PANGO_SCALE)
        forEachRun { iter, run, characters in
            let glyphs = run.pointee.glyphs!
            var ink = PangoRectangle(), logical = PangoRectangle()
            pango_layout_iter_get_run_extents(iter, &ink, &logical)
            let baseline = Double(pango_layout_iter_get_baseline(iter)) / scale
            var x = Double(logical.x) / scale
            var ids: [UInt32] = []
            var positions: [Double] = []
            let infos = glyphs.pointee.glyphs!
            for g in 0..<Int(glyphs.pointee.num_glyphs) {
                let info = infos[g]
                // Empty glyphs (PANGO_GLYPH_EMPTY) take space but draw nothing.
                if info.glyph != 0x0FFFFFFF {
                    ids.append(info.glyph)
                    positions.append(x + Double(info.geometry.x_offset) / scale)
                    positions.append(baseline + Double(info.geometry.y_offset + run.pointee.y_offset) / scale)
                }
                x += Double(info.geometry.width) / scale
            }
            runs.append(GlyphRun(font: faceDescription(run.pointee.item.pointee.analysis.font), glyphs: ids,
                                 positions: positions, text: characters))
        }
        return runs
    }

    /// The description that loads exactly this face again, on any thread. Pango keeps its
    /// fonts, so the description is made once per font.
    func faceDescription(_ font: UnsafeMutablePointer<PangoFont>?) -> String {
        guard let font else { return "sans-serif 12px" }
        if let known = faceNames[font] { return known }
        let d = pango_font_describe_with_absolute_size(font)!
        defer { pango_font_description_free(d) }
        let s = pango_font_description_to_string(d)!
        defer { g_free(s) }
        let name = String(cString: s)
        faceNames[font] = name
        return name
    }

    /// The Cairo scaled font for a face description from `glyphRuns()`, made once per thread.
    func scaledFont(_ description: String) -> OpaquePointer? {
        pangoFont(description).flatMap { pango_cairo_font_get_scaled_font(OpaquePointer($0)) }
    }

    /// The font file and face index fontconfig chose for a glyph run's font description.
    func fontFile(_ description: String) -> (path: String, index: Int)? {
        guard let font = pangoFont(description),
              let pattern = pango_fc_font_get_pattern(UnsafeMutableRawPointer(font).assumingMemoryBound(to: PangoFcFont.self))
        else { return nil }
        var file: UnsafeMutablePointer<FcChar8>?
        var index: Int32 = 0
        guard FcPatternGetString(pattern, FC_FILE, 0, &file) == FcResultMatch, let file else { return nil }
        _ = FcPatternGetInteger(pattern, FC_INDEX, 0, &index)
        return (String(cString: file), Int(index))
    }

    private func pangoFont(_ description: String) -> UnsafeMutablePointer<PangoFont>? {
        if let f = faces[description] { return f }
        guard let fontMap = pango_context_get_font_map(context),
              let font = pango_font_map_load_font(fontMap, context, fontDescription(description))
        else { return nil }
        faces[description] = font
        return font
    }
}

/// Device pixels in Pango units (1/1024 px, an Int32), clamped to ±1,000,000 px: a style may
/// ask for any number (a `text-letter-spacing` of 10⁹ ems), and Int32 would trap.
func pangoUnits(_ pixels: Double) -> Int32 {
    guard !pixels.isNaN else { return 0 }
    return Int32(min(max(pixels, -1e6), 1e6) * Double(PANGO_SCALE))
}
