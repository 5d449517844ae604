import CCairo
import CPango
#if canImport(Glibc)
import Glibc
#endif

/// Lays out text with Pango, once per thread: the font map, context and one layout are
/// created on first use and reused for every label (creating them costs far more than
/// laying out a label). Hinting is off so that measurements are the same at every scale and
/// in every output format.
final class TextShaper {
    let context: OpaquePointer
    let layout: OpaquePointer
    private var descriptions: [String: OpaquePointer] = [:]
    private var ascents: [String: Double] = [:]

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

    static var current: TextShaper {
        if let p = pthread_getspecific(key) { return Unmanaged<TextShaper>.fromOpaque(p).takeUnretainedValue() }
        let shaper = TextShaper()
        pthread_setspecific(key, Unmanaged.passRetained(shaper).toOpaque())
        return shaper
    }

    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key) { p in Unmanaged<TextShaper>.fromOpaque(p!).release() }
        return key
    }()

    deinit {
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
                 lineHeight: Double? = nil, letterSpacing: Double = 0) -> OpaquePointer {
        pango_layout_set_text(layout, text, -1)
        pango_layout_set_font_description(layout, fontDescription(font))
        if let wrapWidth {
            pango_layout_set_width(layout, Int32(min(max(wrapWidth, 1), 1e6) * Double(PANGO_SCALE)))
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
            pango_attr_list_insert(attrs, pango_attr_letter_spacing_new(Int32(letterSpacing * Double(PANGO_SCALE))))
        }
        if let lineHeight {
            pango_attr_list_insert(attrs, pango_attr_line_height_new_absolute(Int32(lineHeight * Double(PANGO_SCALE))))
        }
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
    /// each one's left edge and advance, in device pixels: the pieces a line label places
    /// along its line.
    func clusters(_ text: String, font: String, letterSpacing: Double) -> [(text: String, x: Double, advance: Double)] {
        prepare(text: text, font: font, letterSpacing: letterSpacing)
        let utf8 = Array(text.utf8)
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
            return (String(decoding: utf8[s.index..<next], as: UTF8.self), s.x, s.width)
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
