#if canImport(Glibc)
import Glibc
#endif
import CCairo
import Geometry
import Style

/// Icons and patterns drawn with Cairo for PNG output, as MapLibre's shaders draw them:
/// each quad a rectangle of the image mapped onto the device, its edge aliased like a
/// rasterised triangle pair; SDF icons shaded from the alpha field.
enum CairoIcons {
    static func draw(_ cr: OpaquePointer, _ icon: PlacedIcon, halo: Bool) {
        if icon.sdf != nil {
            drawSDF(cr, icon, halo: halo)
            return
        }
        guard !halo else { return }
        let surface = icon.image.surface()
        defer { cairo_surface_destroy(surface) }
        withExtendedLifetime(icon.image) {
            for quad in icon.quads {
                cairo_save(cr)
                var m = cairo_matrix_t(xx: quad.a, yx: quad.b, xy: quad.c, yy: quad.d, x0: quad.ox, y0: quad.oy)
                guard abs(quad.a * quad.d - quad.b * quad.c) > 1e-12 else {
                    cairo_restore(cr)
                    continue
                }
                cairo_transform(cr, &m)
                cairo_new_path(cr)
                cairo_rectangle(cr, quad.u0, quad.v0, quad.u1 - quad.u0, quad.v1 - quad.v0)
                cairo_set_antialias(cr, CAIRO_ANTIALIAS_NONE)
                cairo_clip(cr)
                cairo_set_source_surface(cr, surface, 0, 0)
                let pattern = cairo_get_source(cr)
                cairo_pattern_set_filter(pattern, icon.smooth ? CAIRO_FILTER_BILINEAR : CAIRO_FILTER_NEAREST)
                cairo_pattern_set_extend(pattern, CAIRO_EXTEND_NONE)
                cairo_paint_with_alpha(cr, icon.opacity)
                cairo_restore(cr)
            }
        }
    }

    /// The SDF icon's halo or fill: the alpha sampled bilinearly at each device pixel's
    /// centre and put through the shader's smoothstep, as a mask of the colour.
    private static func drawSDF(_ cr: OpaquePointer, _ icon: PlacedIcon, halo: Bool) {
        guard let sdf = icon.sdf else { return }
        let color = halo ? icon.haloColor : icon.color
        guard color.a > 0, icon.opacity > 0 else { return }
        let (edge, gamma) = halo ? (sdf.haloEdge, sdf.haloGamma) : (sdf.fillEdge, sdf.fillGamma)
        let box = icon.bounds
        let x0 = Int(box.minX.rounded(.down)), y0 = Int(box.minY.rounded(.down))
        let x1 = Int(box.maxX.rounded(.up)), y1 = Int(box.maxY.rounded(.up))
        let w = x1 - x0, h = y1 - y0
        guard w > 0, h > 0, w * h < 64_000_000 else { return }
        let mask = cairo_image_surface_create(CAIRO_FORMAT_A8, Int32(w), Int32(h))!
        defer { cairo_surface_destroy(mask) }
        cairo_surface_flush(mask)
        let stride = Int(cairo_image_surface_get_stride(mask))
        let data = cairo_image_surface_get_data(mask)!
        let image = icon.image
        let lo = edge - gamma, hi = edge + gamma
        withExtendedLifetime(image) {
            for quad in icon.quads {
                let det = quad.a * quad.d - quad.b * quad.c
                guard abs(det) > 1e-12 else { continue }
                // Device → image pixels.
                let ia = quad.d / det, ib = -quad.b / det, ic = -quad.c / det, id = quad.a / det
                let qb = quad.bounds
                let px0 = max(x0, Int((qb.minX - 0.5).rounded(.up))), px1 = min(x1 - 1, Int((qb.maxX - 0.5).rounded(.down)))
                let py0 = max(y0, Int((qb.minY - 0.5).rounded(.up))), py1 = min(y1 - 1, Int((qb.maxY - 0.5).rounded(.down)))
                guard px0 <= px1, py0 <= py1 else { continue }
                for py in py0...py1 {
                    for px in px0...px1 {
                        let dx = Double(px) + 0.5 - quad.ox, dy = Double(py) + 0.5 - quad.oy
                        let u = ia * dx + ic * dy, v = ib * dx + id * dy
                        guard u >= quad.u0, u < quad.u1, v >= quad.v0, v < quad.v1 else { continue }
                        // Bilinear, texel centres at half-integers.
                        let fu = u - 0.5, fv = v - 0.5
                        let iu = Int(fu.rounded(.down)), iv = Int(fv.rounded(.down))
                        let tu = fu - Double(iu), tv = fv - Double(iv)
                        let a00 = Double(image.alpha(iu, iv)), a10 = Double(image.alpha(iu + 1, iv))
                        let a01 = Double(image.alpha(iu, iv + 1)), a11 = Double(image.alpha(iu + 1, iv + 1))
                        let dist = ((a00 * (1 - tu) + a10 * tu) * (1 - tv) + (a01 * (1 - tu) + a11 * tu) * tv) / 255
                        var t = hi > lo ? (dist - lo) / (hi - lo) : (dist >= edge ? 1 : 0)
                        t = min(max(t, 0), 1)
                        let alpha = t * t * (3 - 2 * t)
                        let i = (py - y0) * stride + (px - x0)
                        // Overlapping quads blend over each other.
                        let old = Double(data[i]) / 255
                        data[i] = UInt8((min(1, alpha + old * (1 - alpha)) * 255).rounded())
                    }
                }
            }
        }
        cairo_surface_mark_dirty(mask)
        cairo_save(cr)
        cairo_set_source_rgba(cr, color.r, color.g, color.b, color.a * icon.opacity)
        cairo_mask_surface(cr, mask, Double(x0), Double(y0))
        cairo_restore(cr)
    }

    /// Fills the current path with the repeated image.
    static func fillPattern(_ cr: OpaquePointer, _ paint: PatternPaint) {
        let surface = paint.image.surface()
        defer { cairo_surface_destroy(surface) }
        withExtendedLifetime(paint.image) {
            let pattern = cairo_pattern_create_for_surface(surface)!
            defer { cairo_pattern_destroy(pattern) }
            cairo_pattern_set_extend(pattern, CAIRO_EXTEND_REPEAT)
            cairo_pattern_set_filter(pattern, !paint.smooth && paint.scale == 1 && paint.b == 0 ? CAIRO_FILTER_NEAREST : CAIRO_FILTER_BILINEAR)
            // Pattern space is image pixels: device → image.
            var m = cairo_matrix_t(xx: paint.a, yx: paint.b, xy: paint.c, yy: paint.d, x0: paint.ox, y0: paint.oy)
            guard cairo_matrix_invert(&m) == CAIRO_STATUS_SUCCESS else { return }
            cairo_pattern_set_matrix(pattern, &m)
            cairo_save(cr)
            cairo_set_fill_rule(cr, CAIRO_FILL_RULE_EVEN_ODD)
            cairo_set_antialias(cr, paint.antialias ? CAIRO_ANTIALIAS_DEFAULT : CAIRO_ANTIALIAS_NONE)
            cairo_clip(cr)
            cairo_set_source(cr, pattern)
            cairo_paint_with_alpha(cr, paint.opacity)
            cairo_restore(cr)
        }
    }
}
