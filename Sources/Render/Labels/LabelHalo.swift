import CCairo

/// Text halos on coverage masks: dilation by a disc and an optional blur of the edge.
enum LabelHalo {
    /// A new A8 surface: every pixel takes the largest coverage within `radius` pixels of
    /// it, fading over the disc's last pixel so the halo's edge is antialiased; then, with
    /// `blur`, a box blur of that width (three passes make it nearly Gaussian).
    static func dilate(_ mask: OpaquePointer, radius: Double, blur: Double) -> OpaquePointer {
        let w = Int(cairo_image_surface_get_width(mask)), h = Int(cairo_image_surface_get_height(mask))
        let stride = Int(cairo_image_surface_get_stride(mask))
        let out = cairo_image_surface_create(CAIRO_FORMAT_A8, Int32(w), Int32(h))!
        cairo_surface_flush(out)  // a new surface is all zeros
        let outStride = Int(cairo_image_surface_get_stride(out))
        let src = cairo_image_surface_get_data(mask)!, dst = cairo_image_surface_get_data(out)!
        // The disc as (dx, dy, weight 0...256) offsets.
        let reach = Int((radius + 0.5).rounded(.up))
        var offsets: [(Int, Int, Int)] = []
        for dy in -reach...reach {
            for dx in -reach...reach {
                let weight = min(max(radius + 0.5 - Double(dx * dx + dy * dy).squareRoot(), 0), 1)
                if weight > 0 { offsets.append((dx, dy, min(256, Int(weight * 256)))) }
            }
        }
        // One pass per offset over whole rows: branch-free inner loops the compiler
        // vectorises (the weighted max of a pixel's neighbourhood, offset by offset).
        for (dx, dy, weight) in offsets {
            let w16 = UInt16(weight)
            let y0 = max(0, -dy), y1 = min(h, h - dy)
            let x0 = max(0, -dx), x1 = min(w, w - dx)
            guard y0 < y1, x0 < x1 else { continue }
            for y in y0..<y1 {
                let s = src + (y + dy) * stride + dx
                let d = dst + y * outStride
                var x = x0
                while x < x1 {
                    d[x] = Swift.max(d[x], UInt8(truncatingIfNeeded: (UInt16(s[x]) &* w16) &>> 8))
                    x &+= 1
                }
            }
        }
        if blur >= 0.5 { boxBlur(dst, w, h, outStride, radius: Int((blur / 2).rounded(.up))) }
        cairo_surface_mark_dirty(out)
        return out
    }

    /// Three separable box-blur passes of the given radius, in place.
    private static func boxBlur(_ p: UnsafeMutablePointer<UInt8>, _ w: Int, _ h: Int, _ stride: Int, radius r: Int) {
        var line = [Int](repeating: 0, count: max(w, h))
        for _ in 0..<3 {
            for y in 0..<h {
                for x in 0..<w { line[x] = Int(p[y * stride + x]) }
                for x in 0..<w {
                    var sum = 0
                    for k in max(0, x - r)...min(w - 1, x + r) { sum += line[k] }
                    p[y * stride + x] = UInt8(sum / (2 * r + 1))
                }
            }
            for x in 0..<w {
                for y in 0..<h { line[y] = Int(p[y * stride + x]) }
                for y in 0..<h {
                    var sum = 0
                    for k in max(0, y - r)...min(h - 1, y + r) { sum += line[k] }
                    p[y * stride + x] = UInt8(sum / (2 * r + 1))
                }
            }
        }
    }
}
