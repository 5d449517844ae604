#if canImport(Glibc)
import Glibc
#endif
import CCairo
import CPango
import CPNGEncoder
import Style

/// Performs a `Scene` with Cairo: onto an image surface for PNG, an SVG or a PDF surface.
/// It decides nothing about the map; every position and colour comes from the scene.
public enum CairoBackend {
    /// Draws the scene with the context's current transform mapping scene (device) pixels.
    public static func draw(_ scene: Scene, on cr: OpaquePointer) {
        for layer in scene.layers {
            draw(layer, on: cr, scene: scene)
        }
    }

    static func draw(_ layer: SceneLayer, on cr: OpaquePointer, scene: Scene) {
        for command in layer.commands {
            switch command {
            case .background(let color):
                setColor(cr, color)
                cairo_rectangle(cr, 0, 0, Double(scene.width), Double(scene.height))
                cairo_fill(cr)
            case .fill(let subpaths, let paint):
                appendPath(cr, layer.paths, subpaths)
                cairo_set_fill_rule(cr, CAIRO_FILL_RULE_EVEN_ODD)
                cairo_set_antialias(cr, paint.antialias ? CAIRO_ANTIALIAS_DEFAULT : CAIRO_ANTIALIAS_NONE)
                setColor(cr, paint.color)
                if let outline = paint.outline {
                    cairo_fill_preserve(cr)
                    cairo_set_antialias(cr, CAIRO_ANTIALIAS_DEFAULT)
                    cairo_set_line_width(cr, scene.pixelRatio)
                    cairo_set_dash(cr, nil, 0, 0)
                    setColor(cr, outline)
                    cairo_stroke(cr)
                } else {
                    cairo_fill(cr)
                }
                cairo_set_antialias(cr, CAIRO_ANTIALIAS_DEFAULT)
            case .stroke(let subpaths, let paint):
                appendPath(cr, layer.paths, subpaths)
                setStroke(cr, paint)
                cairo_stroke(cr)
            case .circle(let x, let y, let paint):
                drawCircle(cr, x, y, paint)
            case .label(let label):
                drawLabel(cr, label)
            }
        }
    }

    static func setColor(_ cr: OpaquePointer, _ c: Color) {
        cairo_set_source_rgba(cr, c.r, c.g, c.b, c.a)
    }

    static func appendPath(_ cr: OpaquePointer, _ paths: PathBuffer, _ subpaths: Range<Int>) {
        cairo_new_path(cr)
        paths.points.withUnsafeBufferPointer { p in
            for s in subpaths {
                let range = paths.points(of: s)
                guard let first = range.first else { continue }
                cairo_move_to(cr, p[2 * first], p[2 * first + 1])
                for i in range.dropFirst() { cairo_line_to(cr, p[2 * i], p[2 * i + 1]) }
                if paths.closed[s] { cairo_close_path(cr) }
            }
        }
    }

    static func setStroke(_ cr: OpaquePointer, _ paint: StrokePaint) {
        setColor(cr, paint.color)
        cairo_set_line_width(cr, paint.width)
        switch paint.cap {
        case .butt: cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT)
        case .round: cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND)
        case .square: cairo_set_line_cap(cr, CAIRO_LINE_CAP_SQUARE)
        }
        switch paint.join {
        case .bevel: cairo_set_line_join(cr, CAIRO_LINE_JOIN_BEVEL)
        case .round: cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND)
        case .miter: cairo_set_line_join(cr, CAIRO_LINE_JOIN_MITER)
        }
        cairo_set_miter_limit(cr, paint.miterLimit)
        if let dashes = paint.dashes {
            cairo_set_dash(cr, dashes, Int32(dashes.count), 0)
        } else {
            cairo_set_dash(cr, nil, 0, 0)
        }
    }

    static func drawCircle(_ cr: OpaquePointer, _ x: Double, _ y: Double, _ paint: CirclePaint) {
        if paint.radius > 0 && paint.color.a > 0 {
            cairo_new_path(cr)
            cairo_arc(cr, x, y, paint.radius, 0, 2 * .pi)
            setColor(cr, paint.color)
            cairo_fill(cr)
        }
        if paint.strokeWidth > 0 && paint.strokeColor.a > 0 {
            // MapLibre draws the stroke outside the radius.
            cairo_new_path(cr)
            cairo_arc(cr, x, y, paint.radius + paint.strokeWidth / 2, 0, 2 * .pi)
            cairo_set_line_width(cr, paint.strokeWidth)
            cairo_set_dash(cr, nil, 0, 0)
            setColor(cr, paint.strokeColor)
            cairo_stroke(cr)
        }
    }

    static func drawLabel(_ cr: OpaquePointer, _ label: PlacedLabel) {
        let layout = TextShaper.current.layout(for: label)
        if label.haloWidth > 0 && label.haloColor.a > 0 {
            cairo_new_path(cr)
            cairo_move_to(cr, label.originX, label.originY)
            pango_cairo_layout_path(cr, layout)
            cairo_set_line_width(cr, 2 * label.haloWidth)
            cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND)
            cairo_set_dash(cr, nil, 0, 0)
            setColor(cr, label.haloColor)
            cairo_stroke(cr)
        }
        cairo_move_to(cr, label.originX, label.originY)
        setColor(cr, label.color)
        pango_cairo_show_layout(cr, layout)
        cairo_new_path(cr)
    }
}
