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

    private func fontDescription(_ font: String) -> OpaquePointer {
        if let d = descriptions[font] { return d }
        let d = pango_font_description_from_string(font)!
        descriptions[font] = d
        return d
    }

    /// Sets up the shared layout for a label and returns it (valid until the next call).
    func layout(for label: PlacedLabel) -> OpaquePointer {
        prepare(text: label.text, font: label.font, wrapWidth: label.wrapWidth, alignment: label.alignment,
                lineSpacing: label.lineSpacing, letterSpacing: label.letterSpacing)
        return layout
    }

    @discardableResult
    func prepare(text: String, font: String, wrapWidth: Double?, alignment: TextAlignment,
                 lineSpacing: Double, letterSpacing: Double) -> OpaquePointer {
        pango_layout_set_text(layout, text, -1)
        pango_layout_set_font_description(layout, fontDescription(font))
        if let wrapWidth {
            pango_layout_set_width(layout, Int32(min(wrapWidth, 1e6) * Double(PANGO_SCALE)))
            pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR)
        } else {
            pango_layout_set_width(layout, -1)
        }
        switch alignment {
        case .left: pango_layout_set_alignment(layout, PANGO_ALIGN_LEFT)
        case .center: pango_layout_set_alignment(layout, PANGO_ALIGN_CENTER)
        case .right: pango_layout_set_alignment(layout, PANGO_ALIGN_RIGHT)
        }
        pango_layout_set_line_spacing(layout, Float(lineSpacing))
        if letterSpacing != 0 {
            let attrs = pango_attr_list_new()
            pango_attr_list_insert(attrs, pango_attr_letter_spacing_new(Int32(letterSpacing * Double(PANGO_SCALE))))
            pango_layout_set_attributes(layout, attrs)
            pango_attr_list_unref(attrs)
        } else {
            pango_layout_set_attributes(layout, nil)
        }
        return layout
    }

    /// The logical size of the laid-out text in device pixels.
    func measure(text: String, font: String, wrapWidth: Double?, alignment: TextAlignment,
                 lineSpacing: Double, letterSpacing: Double) -> (width: Double, height: Double) {
        prepare(text: text, font: font, wrapWidth: wrapWidth, alignment: alignment, lineSpacing: lineSpacing,
                letterSpacing: letterSpacing)
        var ink = PangoRectangle()
        var logical = PangoRectangle()
        pango_layout_get_extents(layout, &ink, &logical)
        return (Double(logical.width) / Double(PANGO_SCALE), Double(logical.height) / Double(PANGO_SCALE))
    }
}

extension TextShaper {
    /// The lines of a label as laid out: each line's text, its left edge and its baseline,
    /// relative to the layout's top-left corner, in device pixels. Vector outputs write
    /// these as text elements, so text stays text.
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

    /// CSS font properties of a Pango font description string: family list, size in
    /// device pixels, weight (100–900) and whether it is italic.
    func cssFont(_ font: String) -> (families: String, size: Double, weight: Int, italic: Bool) {
        let d = pango_font_description_from_string(font)!
        defer { pango_font_description_free(d) }
        let families = pango_font_description_get_family(d).map { String(cString: $0) } ?? "sans-serif"
        let size = Double(pango_font_description_get_size(d)) / Double(PANGO_SCALE)
        let weight = Int(pango_font_description_get_weight(d).rawValue)
        return (families, size, weight, pango_font_description_get_style(d) != PANGO_STYLE_NORMAL)
    }
}

extension TextShaper {
    /// A layout of one piece of a label (a glyph of a line label) in the label's font, and
    /// its baseline below the layout's top, in device pixels. Valid until the next call.
    func piece(_ text: String, of label: PlacedLabel) -> (layout: OpaquePointer, baseline: Double) {
        let layout = prepare(text: text, font: label.font, wrapWidth: nil, alignment: .left, lineSpacing: 0,
                             letterSpacing: 0)
        return (layout, Double(pango_layout_get_baseline(layout)) / Double(PANGO_SCALE))
    }
}
