import CCairo
import Style

/// A translucent fill as MapLibre draws one with `fill-antialias`: its triangles without
/// antialiasing (the pixels whose centres are inside), then its outline as two-pixel GL
/// lines in the fill colour, faded by the outline shader (`1 − smoothstep(0, 1, d)` at d
/// pixels from the edge), each segment blended on its own. Pixels along the edge are
/// covered twice, so a translucent fill's edge is a little darker inside and soft outside,
/// as in MapLibre. Opaque fills (and fills with `fill-outline-color`) keep Cairo's
/// antialiased fill, which looks the same for them.
enum FillOutlineRaster {
    /// Draws the outline of the rings in `subpaths` straight into the image, after the
    /// caller has filled them without antialiasing; false when the context needs Cairo.
    static func drawOutline(_ cr: OpaquePointer, _ paths: PathBuffer, _ subpaths: Range<Int>, _ color: Color,
                            direct: DirectImage?) -> Bool {
        guard let direct, let m = DirectImage.plainScale(cr) else { return false }
        let premultiplied = (color.r * color.a, color.g * color.a, color.b * color.a, color.a)
        paths.points.withUnsafeBufferPointer { p in
            for s in subpaths {
                let range = paths.points(of: s)
                guard range.count >= 2 else { continue }
                for i in range {
                    let j = i + 1 < range.upperBound ? i + 1 : range.lowerBound
                    if j == range.lowerBound && !paths.closed[s] { break }
                    let a = (p[2 * i] * m.xx + m.x0, p[2 * i + 1] * m.yy + m.y0)
                    let b = (p[2 * j] * m.xx + m.x0, p[2 * j + 1] * m.yy + m.y0)
                    direct.wideLine(a, b, premultiplied)
                }
            }
        }
        return true
    }
}

extension DirectImage {
    /// A GL line two pixels wide from `a` to `b` (the end pixel left to the next segment):
    /// along its major axis, in each row or column whose centre it passes, the two pixels
    /// nearest it, faded by their distance d from it across the major axis.
    func wideLine(_ a: (Double, Double), _ b: (Double, Double), _ color: (Double, Double, Double, Double)) {
        let dx = b.0 - a.0, dy = b.1 - a.1
        guard dx != 0 || dy != 0, dx.isFinite, dy.isFinite else { return }
        let xMajor = abs(dx) >= abs(dy)
        // Along the major axis: from the start's pixel centre to before the end's.
        let (s0, s1, slope, c0) = xMajor ? (a.0, b.0, dy / dx, a.1) : (a.1, b.1, dx / dy, a.0)
        let lo = min(s0, s1), hi = max(s0, s1)
        let first = Int((lo - 0.5).rounded(.up)), last = Int((hi - 0.5).rounded(.up)) - 1
        guard first <= last else { return }
        let limitLo = xMajor ? minX : minY, limitHi = xMajor ? maxX : maxY
        let crossLo = xMajor ? minY : minX, crossHi = xMajor ? maxY : maxX
        for k in Swift.stride(from: max(first, limitLo), through: min(last, limitHi - 1), by: 1) {
            let centre = Double(k) + 0.5
            let across = c0 + (centre - s0) * slope
            // The pixels whose centres are within a pixel of the line across it.
            let q0 = Int((across - 1 - 0.5).rounded(.up)), q1 = Int((across + 1 - 0.5).rounded(.down))
            for q in Swift.stride(from: max(q0, crossLo), through: min(q1, crossHi - 1), by: 1) {
                let d = abs(Double(q) + 0.5 - across)
                let t = min(max(d, 0), 1)
                let alpha = 1 - t * t * (3 - 2 * t)
                guard alpha > 0 else { continue }
                func byte(_ v: Double) -> UInt32 { UInt32(min(max(v, 0), 1) * 255 + 0.5) }
                let source = byte(color.3 * alpha) << 24 | byte(color.0 * alpha) << 16 | byte(color.1 * alpha) << 8
                    | byte(color.2 * alpha)
                let (x, y) = xMajor ? (k, q) : (q, k)
                let row = UnsafeMutableRawPointer(data + y * stride).assumingMemoryBound(to: UInt32.self)
                row[x] = Self.add(Self.multiply(row[x], 255 &- (source >> 24)), source)
            }
        }
    }
}

extension FillPaint {
    /// Translucent antialiased fills without an outline colour are drawn as MapLibre draws
    /// them (`FillOutlineRaster`), and so are opaque ones in pieces.
    var drawsAsMapLibre: Bool { antialias && outline == nil && (color.a < 1 || piecewise) }
}

extension DirectImage {
    /// The context's transform when it is a plain scale and translation (what the
    /// rasterizers here draw under); nil otherwise.
    static func plainScale(_ cr: OpaquePointer) -> cairo_matrix_t? {
        var m = cairo_matrix_t()
        cairo_get_matrix(cr, &m)
        guard m.xy == 0, m.yx == 0, m.xx > 0, m.xx == m.yy else { return nil }
        return m
    }
}
