import CCairo
import Geometry

/// A glyph's outline and advance in Type 3 glyph space: 1000 units per em, y up.
struct GlyphOutline {
    var advance: Double
    /// Empty for glyphs that draw nothing (a space).
    var bounds: Box
    /// The path as PDF operators (`m`, `l`, `c`, `h`), with their points in `points`.
    var operators: [UInt8]
    /// x, y pairs: one for `m` and `l`, three for `c`, none for `h`.
    var points: [Double]

    /// The path in glyph units as content-stream operators (a tenth of a unit is far
    /// below a printer's dot at any label size).
    func writePath(into out: inout PDFBuffer) {
        var p = 0
        for op in operators {
            let count = op == UInt8(ascii: "c") ? 3 : op == UInt8(ascii: "h") ? 0 : 1
            for _ in 0..<count {
                out.number(points[p], decimals: 1)
                out.byte(UInt8(ascii: " "))
                out.number(points[p + 1], decimals: 1)
                out.byte(UInt8(ascii: " "))
                p += 2
            }
            out.byte(op)
            out.byte(UInt8(ascii: "\n"))
        }
    }
}

/// The glyphs of one font face as Pango draws it (with any synthetic slant, emboldening or
/// variation), outlined by Cairo at 1000 pixels per em. Hinting is off, as in the shaper,
/// so one set of outlines serves every size, and at this size FreeType's 1/64-pixel grid is
/// far below what any page shows.
final class FaceOutlines {
    private let font: OpaquePointer
    private let surface: OpaquePointer
    private let context: OpaquePointer
    private var cache: [UInt32: GlyphOutline] = [:]

    /// Units per em of glyph space.
    static let unitsPerEm = 1000.0

    /// The face of `scaledFont` (a font Pango uses) with its font matrix divided by the
    /// em size, so `scaledFont`'s glyphs are `emSize` / 1000 of these.
    init(like scaledFont: OpaquePointer, emSize: Double) {
        var matrix = cairo_matrix_t()
        cairo_scaled_font_get_font_matrix(scaledFont, &matrix)
        let k = Self.unitsPerEm / emSize
        var unitMatrix = cairo_matrix_t(xx: matrix.xx * k, yx: matrix.yx * k, xy: matrix.xy * k, yy: matrix.yy * k, x0: 0, y0: 0)
        var identity = cairo_matrix_t()
        cairo_matrix_init_identity(&identity)
        let options = cairo_font_options_create()
        defer { cairo_font_options_destroy(options) }
        cairo_scaled_font_get_font_options(scaledFont, options)
        cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE)
        cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF)
        font = cairo_scaled_font_create(cairo_scaled_font_get_font_face(scaledFont), &unitMatrix, &identity, options)
        surface = cairo_image_surface_create(CAIRO_FORMAT_A8, 1, 1)
        context = cairo_create(surface)
        cairo_set_scaled_font(context, font)
    }

    deinit {
        cairo_destroy(context)
        cairo_surface_destroy(surface)
        cairo_scaled_font_destroy(font)
    }

    func outline(_ glyph: UInt32) -> GlyphOutline {
        if let known = cache[glyph] { return known }
        var g = cairo_glyph_t(index: UInt(glyph), x: 0, y: 0)
        var extents = cairo_text_extents_t()
        cairo_scaled_font_glyph_extents(font, &g, 1, &extents)
        cairo_new_path(context)
        cairo_glyph_path(context, &g, 1)
        let path = cairo_copy_path(context)!
        defer {
            cairo_path_destroy(path)
            cairo_new_path(context)
        }
        var outline = GlyphOutline(advance: extents.x_advance, bounds: .empty, operators: [], points: [])
        // A glyph without an outline (or a path in error) has no data, and its pointer may be null.
        var i = 0
        while i < Int(path.pointee.num_data), let data = path.pointee.data {
            let header = data[i].header
            // Cairo's glyph space is y down; Type 3 glyph space is y up.
            func point(_ k: Int) {
                let p = data[i + k].point
                outline.points.append(p.x)
                outline.points.append(-p.y)
                outline.bounds.extend(x: p.x, y: -p.y)
            }
            switch header.type {
            case CAIRO_PATH_MOVE_TO:
                outline.operators.append(UInt8(ascii: "m"))
                point(1)
            case CAIRO_PATH_LINE_TO:
                outline.operators.append(UInt8(ascii: "l"))
                point(1)
            case CAIRO_PATH_CURVE_TO:
                outline.operators.append(UInt8(ascii: "c"))
                point(1)
                point(2)
                point(3)
            default:
                outline.operators.append(UInt8(ascii: "h"))
            }
            i += Int(header.length)
        }
        cache[glyph] = outline
        return outline
    }
}
