#if canImport(Glibc)
import Glibc
#endif
import CCairo
import Style

/// Draws a translucent line as MapLibre's line shader does: each triangle of its
/// `LineMesh` on its own, the pixels whose centres it covers (GL's top-left rule), each
/// blended over the image with the line's colour times the shader's edge fade (full
/// inside, down to nothing over a pixel at `width / 2 + 0.5` from the line; `blur` more
/// pixels of fade). Where triangles overlap, the line is blended twice, as in MapLibre.
/// Opaque lines look the same either way and keep Cairo's stroke.
enum LineMeshRaster {
    /// Draws the line straight into the image; false when the context needs Cairo (no
    /// direct image, or a transform other than a scale and translation).
    static func draw(_ cr: OpaquePointer, _ lines: [(points: [Double], closed: Bool)], _ paint: StrokePaint,
                     direct: DirectImage?) -> Bool {
        guard let direct, let m = DirectImage.plainScale(cr) else { return false }
        let k = m.xx
        var mesh = LineMesh()
        // A tile's vertex distances are whole multiples of two of MapLibre's 8192 units a tile.
        let step = paint.clip.map { c in hypot(c.corners[2] - c.corners[0], c.corners[3] - c.corners[1]) * k * 2 / 8192 }
        for line in lines {
            var points = line.points
            for i in stride(from: 0, to: points.count - 1, by: 2) {
                points[i] = points[i] * k + m.x0
                points[i + 1] = points[i + 1] * k + m.y0
            }
            mesh.add(points, closed: line.closed, join: paint.join, cap: paint.cap, miterLimit: paint.miterLimit,
                     distanceStep: paint.dashes == nil ? nil : step)
        }
        let dash = paint.dashes.map { DashField(lengths: $0.map { $0 * k }, offset: paint.dashOffset * k) }
        let outset = paint.width * k / 2 + 0.5
        let blur = paint.blur * k + 1
        let c = paint.color
        let premultiplied = (r: c.r * c.a, g: c.g * c.a, b: c.b * c.a, a: c.a)
        let v = mesh.vertices
        var t = 0
        while t + 2 < mesh.triangles.count {
            let a = v[Int(mesh.triangles[t])], b = v[Int(mesh.triangles[t + 1])], d = v[Int(mesh.triangles[t + 2])]
            t += 3
            let p0 = (a.x + a.ex * outset, a.y + a.ey * outset)
            let p1 = (b.x + b.ex * outset, b.y + b.ey * outset)
            let p2 = (d.x + d.ex * outset, d.y + d.ey * outset)
            direct.fillTriangle(p0, p1, p2) { l0, l1, l2 in
                let nx = l0 * a.nx + l1 * b.nx + l2 * d.nx, ny = l0 * a.ny + l1 * b.ny + l2 * d.ny
                let dist = (nx * nx + ny * ny).squareRoot() * outset
                // The inset is 0 without a gap, so only the outer edge fades.
                let alpha = min(max(min(dist + blur, outset - dist) / blur, 0), 1)
                guard let dash, alpha > 0 else { return alpha }
                return alpha * dash.coverage(at: l0 * a.along + l1 * b.along + l2 * d.along)
            } color: { alpha in
                (premultiplied.r * alpha, premultiplied.g * alpha, premultiplied.b * alpha, premultiplied.a * alpha)
            }
        }
        return true
    }
}

extension DirectImage {
    /// Blends `color(fade(λ))` over each pixel whose centre is inside the triangle, λ the
    /// centre's barycentric weights; edges shared by two triangles belong to one of them.
    func fillTriangle(_ p0: (Double, Double), _ p1: (Double, Double), _ p2: (Double, Double),
                      fade: (Double, Double, Double) -> Double,
                      color: (Double) -> (Double, Double, Double, Double)) {
        var (a, b, c) = (p0, p1, p2)
        var area = (b.0 - a.0) * (c.1 - a.1) - (b.1 - a.1) * (c.0 - a.0)
        guard area != 0, area.isFinite else { return }
        // One winding for every triangle (positive area), remembering the vertex order.
        let swapped = area < 0
        if swapped {
            swap(&b, &c)
            area = -area
        }
        let minPX = max(minX, Int((min(a.0, b.0, c.0) - 0.5).rounded(.up)))
        let maxPX = min(maxX - 1, Int((max(a.0, b.0, c.0) - 0.5).rounded(.down)))
        let minPY = max(minY, Int((min(a.1, b.1, c.1) - 0.5).rounded(.up)))
        let maxPY = min(maxY - 1, Int((max(a.1, b.1, c.1) - 0.5).rounded(.down)))
        guard minPX <= maxPX, minPY <= maxPY else { return }
        // Edge functions: w_i ≥ 0 inside; a centre on an edge counts for a top or left edge.
        func edge(_ u: (Double, Double), _ v: (Double, Double), _ px: Double, _ py: Double) -> Double {
            (v.0 - u.0) * (py - u.1) - (v.1 - u.1) * (px - u.0)
        }
        // A centre exactly on an edge shared by two triangles goes to one of them: the
        // edge runs the other way in the other triangle, and only one way counts.
        func topLeft(_ u: (Double, Double), _ v: (Double, Double)) -> Bool {
            let dy = v.1 - u.1, dx = v.0 - u.0
            return (dy == 0 && dx < 0) || dy > 0
        }
        let tl0 = topLeft(b, c), tl1 = topLeft(c, a), tl2 = topLeft(a, b)
        for py in minPY...maxPY {
            let y = Double(py) + 0.5
            let row = UnsafeMutableRawPointer(data + py * stride).assumingMemoryBound(to: UInt32.self)
            for px in minPX...maxPX {
                let x = Double(px) + 0.5
                let w0 = edge(b, c, x, y), w1 = edge(c, a, x, y), w2 = edge(a, b, x, y)
                guard (w0 > 0 || (w0 == 0 && tl0)) && (w1 > 0 || (w1 == 0 && tl1)) && (w2 > 0 || (w2 == 0 && tl2))
                else { continue }
                let f = swapped ? fade(w0 / area, w2 / area, w1 / area) : fade(w0 / area, w1 / area, w2 / area)
                guard f > 0 else { continue }
                let (r, g, bl, al) = color(f)
                func byte(_ v: Double) -> UInt32 { UInt32(min(max(v, 0), 1) * 255 + 0.5) }
                let source = byte(al) << 24 | byte(r) << 16 | byte(g) << 8 | byte(bl)
                row[px] = Self.add(Self.multiply(row[px], 255 &- (source >> 24)), source)
            }
        }
    }
}

extension StrokePaint {
    /// Translucent solid lines are drawn as MapLibre's triangles (where they overlap
    /// themselves they are darker, as in MapLibre); opaque and dashed ones keep Cairo's
    /// stroke, which for them gives the same picture (and SVG and PDF the same shape),
    /// except lines in pieces, whose antialiased butt ends would show seams.
    var drawsAsMesh: Bool { (color.a < 1 || piecewise) && (dashes == nil || piecewise) }
}

/// A dash pattern as MapLibre's line shader applies it: from a signed distance field of the
/// pattern, the pixel's distance along the line taken to the nearest dash end, fading over
/// over about a device pixel each side of each end (`u_sdfgamma`).
struct DashField {
    /// Dash and gap lengths, device pixels; an even count.
    let lengths: [Double]
    /// Where in the pattern the line starts.
    let offset: Double

    /// How much of the pixel at `along` pixels down the line the dashes cover, 0 to 1
    /// (smoothstep of the signed distance).
    func coverage(at along: Double) -> Double {
        let period = lengths.reduce(0, +)
        guard period > 0 else { return 1 }
        var q = (along + offset).truncatingRemainder(dividingBy: period)
        if q < 0 { q += period }
        // Signed distance to the nearest dash end: positive inside a dash.
        var best = -Double.infinity
        var start = 0.0
        for (i, length) in lengths.enumerated() {
            defer { start += length }
            guard i % 2 == 0 else { continue }
            for shift in [-period, 0, period] {
                let s = start + shift, e = s + length
                let d = q >= s && q <= e ? min(q - s, e - q) : -min(abs(q - s), abs(q - e))
                best = max(best, d)
            }
        }
        // The fade runs a device pixel each side of a dash's end: fitted to MapLibre's
        // overscaled dashes (half a pixel, as the shader's gamma reads, leaves its ends harder).
        let t = min(max((best + 1) / 2, 0), 1)
        return t * t * (3 - 2 * t)
    }
}

extension PathBuffer {
    /// The points of each subpath, x and y interleaved, and whether it is a ring.
    func lines(_ subpaths: Range<Int>) -> [(points: [Double], closed: Bool)] {
        subpaths.map { s in
            let range = points(of: s)
            return (Array(points[(2 * range.lowerBound)..<(2 * range.upperBound)]), closed[s])
        }
    }
}
