#if canImport(Glibc)
import Glibc
#endif
import CCairo
import CPango
import Geometry
import Style

/// Performs a `Scene` with Cairo onto an image surface, for PNG (SVG and PDF have writers of
/// their own). It decides nothing about the map; every position and colour comes from the
/// scene.
public enum CairoBackend {
    /// Draws the scene with the context's current transform mapping scene (device) pixels,
    /// one path per feature, which image surfaces draw faster than merged paths.
    public static func draw(_ scene: Scene, on cr: OpaquePointer) {
        draw(scene, on: cr, band: nil)
    }

    /// Draws the commands of `scene` that may touch the device rows of `band`, given where
    /// each command paints (`rows`, worked out once for all bands).
    static func draw(_ scene: Scene, on cr: OpaquePointer, band: (rows: Range<Double>, commands: CommandRows)?) {
        for (index, layer) in scene.layers.enumerated() {
            if let clip = layer.clip {
                if let band, clip.maxY < band.rows.lowerBound || clip.minY > band.rows.upperBound { continue }
                cairo_save(cr)
                cairo_rectangle(cr, clip.minX, clip.minY, clip.width, clip.height)
                cairo_clip(cr)
            }
            draw(layer, on: cr, scene: scene, band: band.map { ($0.rows, $0.commands.layers[index]) })
            if layer.clip != nil { cairo_restore(cr) }
        }
    }

    static func draw(_ layer: SceneLayer, on cr: OpaquePointer, scene: Scene,
                     band: (rows: Range<Double>, commands: [CommandRows.Rows])? = nil) {
        let top = Float(band?.rows.lowerBound ?? -.infinity), bottom = Float(band?.rows.upperBound ?? .infinity)
        let direct = DirectImage(cr)
        layer.commands.withUnsafeBufferPointer { commands in
            // As in MapLibre, a layer's map labels draw all their halos before any of their
            // text, so that no label's halo covers a neighbour's letters; with a
            // symbol-sort-key, group by group of equal keys.
            guard layer.labelsHaveSortKeys else {
                drawGroup(commands, commands.indices, of: layer, on: cr, direct: direct, scene: scene, band: band, top: top,
                          bottom: bottom)
                return
            }
            var start = 0
            while start < commands.count {
                var end = start + 1
                let key = sortKey(commands[start])
                while end < commands.count && sortKey(commands[end]) == key { end += 1 }
                drawGroup(commands, start..<end, of: layer, on: cr, direct: direct, scene: scene, band: band, top: top,
                          bottom: bottom)
                start = end
            }
        }
    }

    private static func sortKey(_ command: DrawCommand) -> Double? {
        if case .label(let label) = command { return label.sortKey }
        if case .icon(let icon) = command { return icon.sortKey }
        return nil
    }

    private static func drawGroup(_ commands: UnsafeBufferPointer<DrawCommand>, _ group: Range<Int>, of layer: SceneLayer,
                                  on cr: OpaquePointer, direct: DirectImage?, scene: Scene,
                                  band: (rows: Range<Double>, commands: [CommandRows.Rows])?, top: Float, bottom: Float) {
        // As in MapLibre, a symbol layer's icons (SDF halos first) go under its text.
        for halo in [true, false] {
            for i in group {
                if let rows = band?.commands[i], rows.bottom < top || rows.top > bottom { continue }
                if case .icon(let icon) = commands[i] { CairoIcons.draw(cr, icon, halo: halo) }
            }
        }
        // A label's fill is mostly worked out with its halo and kept until then.
        var fieldsDrawn = true
        var fills: [Int: PendingFill] = [:]
        for i in group {
            // Test the precomputed rows before touching the command.
            if let rows = band?.commands[i], rows.bottom < top || rows.top > bottom { continue }
            if case .label(let label) = commands[i], label.fieldScale != nil {
                if let fill = drawHaloKeepingFill(cr, label, direct: direct) {
                    fills[i] = fill
                } else {
                    fieldsDrawn = drawField(cr, label, .halo, direct: direct) && fieldsDrawn
                }
            }
        }
        for i in group {
            if let rows = band?.commands[i], rows.bottom < top || rows.top > bottom { continue }
            switch commands[i] {
            case .background(let color):
                setColor(cr, color)
                cairo_rectangle(cr, 0, 0, Double(scene.width), Double(scene.height))
                cairo_fill(cr)
            case .fill(let subpaths, let paint):
                appendPath(cr, layer.paths, subpaths)
                if paint.drawsAsMapLibre, direct != nil, DirectImage.plainScale(cr) != nil {
                    var aliased = paint
                    aliased.antialias = false
                    fillCurrentPath(cr, aliased, scene: scene)
                    _ = FillOutlineRaster.drawOutline(cr, layer.paths, subpaths, paint.color, direct: direct)
                    continue
                }
                fillCurrentPath(cr, paint, scene: scene)
            case .stroke(let subpaths, let paint):
                guard let clip = paint.clip else {
                    if paint.drawsAsMesh, LineMeshRaster.draw(cr, layer.paths, subpaths, paint, direct: direct) { continue }
                    appendPath(cr, layer.paths, subpaths)
                    stroke(cr, paint)
                    continue
                }
                // Triangles drawn straight into the image stop at the tile's pixels
                // themselves; anything else goes through a Cairo clip.
                if paint.drawsAsMesh, let direct, let r = clip.pixels, let m = DirectImage.plainScale(cr) {
                    let device = Box(minX: (r.minX * m.xx + m.x0).rounded(), minY: (r.minY * m.yy + m.y0).rounded(),
                                     maxX: (r.maxX * m.xx + m.x0).rounded(), maxY: (r.maxY * m.yy + m.y0).rounded())
                    if LineMeshRaster.draw(cr, layer.paths, subpaths, paint, direct: direct.limited(to: device)) { continue }
                }
                cairo_save(cr)
                clipToTile(cr, clip)
                if !(paint.drawsAsMesh && LineMeshRaster.draw(cr, layer.paths, subpaths, paint, direct: direct.flatMap { _ in DirectImage(cr) })) {
                    appendPath(cr, layer.paths, subpaths)
                    stroke(cr, paint)
                }
                cairo_restore(cr)
            case .circle(let x, let y, let paint):
                drawCircle(cr, x, y, paint)
            case .label(let label):
                if let fill = fills.removeValue(forKey: i) {
                    fill.paint(cr, direct: direct)
                } else if label.fieldScale == nil || !fieldsDrawn || !drawField(cr, label, .fill, direct: direct) {
                    drawLabel(cr, label)
                }
            case .gradientLine(let segments, let paint):
                drawGradientLine(cr, segments, paint)
            case .icon:
                break  // drawn first, above
            case .patternFill(let subpaths, let paint):
                appendPath(cr, layer.paths, subpaths)
                CairoIcons.fillPattern(cr, paint)
            case .image(let image):
                drawImage(cr, image)
            }
        }
    }

    /// Limits drawing to a tile's square as MapLibre's stencil does: the pixels whose
    /// centres are inside, no antialiasing along the edge.
    static func clipToTile(_ cr: OpaquePointer, _ clip: TileClip) {
        cairo_new_path(cr)
        if let r = clip.pixels {
            cairo_rectangle(cr, r.minX, r.minY, r.width, r.height)
        } else {
            cairo_move_to(cr, clip.corners[0], clip.corners[1])
            for i in 1..<(clip.corners.count / 2) { cairo_line_to(cr, clip.corners[2 * i], clip.corners[2 * i + 1]) }
            cairo_close_path(cr)
        }
        cairo_set_antialias(cr, CAIRO_ANTIALIAS_NONE)
        cairo_clip(cr)
        cairo_set_antialias(cr, CAIRO_ANTIALIAS_DEFAULT)
    }

    static func setColor(_ cr: OpaquePointer, _ c: Color) {
        cairo_set_source_rgba(cr, c.r, c.g, c.b, c.a)
    }

    /// Fills the current path (even-odd, so holes are holes whatever their winding), then
    /// strokes its one-pixel outline when the paint has one.
    static func fillCurrentPath(_ cr: OpaquePointer, _ paint: FillPaint, scene: Scene) {
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
    }

    static func appendPath(_ cr: OpaquePointer, _ paths: PathBuffer, _ subpaths: Range<Int>) {
        cairo_new_path(cr)
        appendSubpaths(cr, paths, subpaths)
    }

    static func appendSubpaths(_ cr: OpaquePointer, _ paths: PathBuffer, _ subpaths: Range<Int>) {
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

    static func setStrokeStyle(_ cr: OpaquePointer, _ paint: StrokePaint) {
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
            cairo_set_dash(cr, dashes, Int32(dashes.count), paint.dashOffset)
        } else {
            cairo_set_dash(cr, nil, 0, 0)
        }
    }
}
