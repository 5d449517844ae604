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
    /// Draws the lines straight into the image; false when the context needs Cairo (no
    /// direct image, or a transform other than a scale and translation).
    static func draw(_ cr: OpaquePointer, _ paths: PathBuffer, _ subpaths: Range<Int>, _ paint: StrokePaint,
                     direct: DirectImage?) -> Bool {
        guard let direct, let m = DirectImage.plainScale(cr) else { return false }
        let k = m.xx
        let outset = paint.width * k / 2 + 0.5
        let blur = paint.blur * k + 1
        // How far a line's triangles reach past its points: its extrusions are at most the
        // miter limit or 2 half-widths (bevels and flipped bevels, square caps: √2), plus
        // the quantisation and the pixel centres. Lines that cannot reach the rows that may
        // be drawn (a band of the image, each drawn with every path that crosses it, or a
        // tile's square) are not turned into triangles at all.
        let reach = (outset * (max(paint.miterLimit, 2) + 0.1) + 1) / k
        let top = (Double(direct.minY) - m.y0) / k - reach, bottom = (Double(direct.maxY) - m.y0) / k + reach
        // A tile's vertex distances are whole multiples of two of MapLibre's 8192 units a tile.
        let step = paint.clip.map { c in hypot(c.corners[2] - c.corners[0], c.corners[3] - c.corners[1]) * k * 2 / 8192 }
        var mesh = LineMesh()
        var points: [Double] = []
        for s in subpaths where paths.bounds[s].maxY >= top && paths.bounds[s].minY <= bottom {
            let range = paths.points(of: s)
            points.removeAll(keepingCapacity: true)
            for i in range {
                points.append(paths.points[2 * i] * k + m.x0)
                points.append(paths.points[2 * i + 1] * k + m.y0)
            }
            mesh.add(points, closed: paths.closed[s], join: paint.join, cap: paint.cap, miterLimit: paint.miterLimit,
                     distanceStep: paint.dashes == nil ? nil : step)
        }
        let dash = paint.dashes.map { DashField(lengths: $0.map { $0 * k }, offset: paint.dashOffset * k) }
        let c = paint.color
        let premultiplied = (r: c.r * c.a, g: c.g * c.a, b: c.b * c.a, a: c.a)
        let v = mesh.vertices
        var t = 0
        while t + 2 < mesh.triangles.count {
            direct.fillLineTriangle(v[Int(mesh.triangles[t])], v[Int(mesh.triangles[t + 1])], v[Int(mesh.triangles[t + 2])],
                                    outset: outset, blur: blur, color: premultiplied, dash: dash)
            t += 3
        }
        return true
    }
}

extension DirectImage {
    /// Blends the line's premultiplied `color` times the shader's edge fade over each pixel
    /// whose centre is inside the triangle of mesh vertices `a`, `b`, `d` pushed out by
    /// `outset`; edges shared by two triangles belong to one of them. One function, without
    /// closures, as it is the inner loop of translucent and tiled lines.
    func fillLineTriangle(_ a: LineMesh.Vertex, _ b: LineMesh.Vertex, _ d: LineMesh.Vertex,
                          outset: Double, blur: Double, color: (r: Double, g: Double, b: Double, a: Double),
                          dash: DashField?) {
        let p0 = (a.x + a.ex * outset, a.y + a.ey * outset)
        var p1 = (b.x + b.ex * outset, b.y + b.ey * outset)
        var p2 = (d.x + d.ex * outset, d.y + d.ey * outset)
        var area = (p1.0 - p0.0) * (p2.1 - p0.1) - (p1.1 - p0.1) * (p2.0 - p0.0)
        guard area != 0, area.isFinite else { return }
        // One winding for every triangle (positive area), remembering the vertex order.
        let swapped = area < 0
        if swapped {
            swap(&p1, &p2)
            area = -area
        }
        let minPX = max(minX, Int((min(p0.0, p1.0, p2.0) - 0.5).rounded(.up)))
        let maxPX = min(maxX - 1, Int((max(p0.0, p1.0, p2.0) - 0.5).rounded(.down)))
        let minPY = max(minY, Int((min(p0.1, p1.1, p2.1) - 0.5).rounded(.up)))
        let maxPY = min(maxY - 1, Int((max(p0.1, p1.1, p2.1) - 0.5).rounded(.down)))
        guard minPX <= maxPX, minPY <= maxPY else { return }
        // Edge functions: w_i ≥ 0 inside; a centre on an edge counts for a top or left edge.
        @inline(__always) func edge(_ u: (Double, Double), _ v: (Double, Double), _ px: Double, _ py: Double) -> Double {
            (v.0 - u.0) * (py - u.1) - (v.1 - u.1) * (px - u.0)
        }
        // A centre exactly on an edge shared by two triangles goes to one of them: the
        // edge runs the other way in the other triangle, and only one way counts.
        func topLeft(_ u: (Double, Double), _ v: (Double, Double)) -> Bool {
            let dy = v.1 - u.1, dx = v.0 - u.0
            return (dy == 0 && dx < 0) || dy > 0
        }
        let tl0 = topLeft(p1, p2), tl1 = topLeft(p2, p0), tl2 = topLeft(p0, p1)
        let inverseArea = 1 / area
        @inline(__always) func byte(_ v: Double) -> UInt32 { UInt32(min(max(v, 0), 1) * 255 + 0.5) }
        for py in minPY...maxPY {
            let y = Double(py) + 0.5
            let row = UnsafeMutableRawPointer(data + py * stride).assumingMemoryBound(to: UInt32.self)
            for px in minPX...maxPX {
                let x = Double(px) + 0.5
                let w0 = edge(p1, p2, x, y), w1 = edge(p2, p0, x, y), w2 = edge(p0, p1, x, y)
                guard (w0 > 0 || (w0 == 0 && tl0)) && (w1 > 0 || (w1 == 0 && tl1)) && (w2 > 0 || (w2 == 0 && tl2))
                else { continue }
                // The barycentric weights of a, b and d.
                let la = w0 * inverseArea
                let (lb, ld) = swapped ? (w2 * inverseArea, w1 * inverseArea) : (w1 * inverseArea, w2 * inverseArea)
                let nx = la * a.nx + lb * b.nx + ld * d.nx, ny = la * a.ny + lb * b.ny + ld * d.ny
                let dist = (nx * nx + ny * ny).squareRoot() * outset
                // The inset is 0 without a gap, so only the outer edge fades.
                var alpha = min(max(min(dist + blur, outset - dist) / blur, 0), 1)
                guard alpha > 0 else { continue }
                if let dash { alpha *= dash.coverage(at: la * a.along + lb * b.along + ld * d.along) }
                let source = byte(color.a * alpha) << 24 | byte(color.r * alpha) << 16 | byte(color.g * alpha) << 8 | byte(color.b * alpha)
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
