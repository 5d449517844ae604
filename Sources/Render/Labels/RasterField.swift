#if canImport(Glibc)
import Glibc
#endif

/// The signed distance field of a glyph's anti-aliased coverage raster, made as the glyph
/// sets MapLibre's render tests use were made (node-fontnik before 2015, after freetype-gl's
/// `make_distance_map`): the coverage rescaled by its extremes, an anti-aliased Euclidean
/// distance transform (Gustavson's sweep-and-update EDTAA, edge distances estimated from
/// grey levels and local gradients) of the glyph and of its complement, their difference
/// 32 per pixel around 192.
///
/// The rescaling is why thin strokes read lighter than exact distances would make them: a
/// raster with no empty pixel (an `l`, a `|`) loses its faintest level, so the stroke's
/// inside becomes grey levels, not full coverage, and reads at most half a pixel deep.
/// The transform is also why notches between strokes read darker: edges are extrapolated
/// straight through partly covered pixels.
enum RasterField {
    /// The working raster's side (fontnik's `distmap_size`): the transform sweeps this
    /// square, whose extent decides how far distances propagate around the glyph.
    static let side = 72

    /// A `(width + 2·buffer) × (height + 2·buffer)` field, top row first, from `coverage`
    /// (`width × height` bytes, top row first).
    static func field(coverage: [UInt8], width: Int, height: Int, buffer: Int) -> [UInt8] {
        let fw = width + 2 * buffer, fh = height + 2 * buffer
        guard width > 0, height > 0 else { return [] }
        // The glyph sits `buffer` pixels from the top-left corner of a larger square.
        let w = max(side, fw, fh), h = w
        var lowest = 255.0, highest = -255.0
        for v in coverage {
            lowest = min(lowest, Double(v))
            highest = max(highest, Double(v))
        }
        guard highest > 0 else { return [UInt8](repeating: 0, count: fw * fh) }
        var image = [Double](repeating: 0, count: w * h)
        for y in 0..<height {
            for x in 0..<width {
                image[(y + buffer) * w + x + buffer] = (Double(coverage[y * width + x]) - lowest) / highest
            }
        }
        var transform = Transform(image: image, width: w, height: h)
        let outside = transform.distances()
        for i in image.indices { image[i] = 1 - image[i] }
        transform = Transform(image: image, width: w, height: h)
        let inside = transform.distances()
        var field = [UInt8](repeating: 0, count: fw * fh)
        for y in 0..<fh {
            for x in 0..<fw {
                let i = y * w + x
                let d = max(0, outside[i]) - max(0, inside[i])
                let level = min(255, max(0, 64 + d * 32))
                field[y * fw + x] = UInt8(255 - Int(level))
            }
        }
        return field
    }

    /// One transform: each pixel's distance to the edge of the object (pixels with
    /// coverage), through the offset to the edge pixel nearest it.
    private struct Transform {
        let image: [Double]
        let width: Int
        let height: Int
        var gx: [Double]
        var gy: [Double]
        var offsetX: [Int32]
        var offsetY: [Int32]
        var distance: [Double]

        /// Not yet reached from any edge.
        static let far = 1_000_000.0

        init(image: [Double], width: Int, height: Int) {
            self.image = image
            self.width = width
            self.height = height
            gx = [Double](repeating: 0, count: image.count)
            gy = gx
            offsetX = [Int32](repeating: 0, count: image.count)
            offsetY = offsetX
            distance = [Double](repeating: 0, count: image.count)
            gradients()
            for i in image.indices {
                let a = image[i]
                distance[i] = a <= 0 ? Self.far : a < 1 ? Self.edgeDistance(gx[i], gy[i], a) : 0
            }
        }

        /// The edge direction at partly covered pixels away from the border: a 3 × 3
        /// gradient (√2 at the sides), normalised. Elsewhere it stays zero.
        private mutating func gradients() {
            let r2 = 1.4142136, w = width
            guard width > 2, height > 2 else { return }
            for y in 1..<(height - 1) {
                for x in 1..<(width - 1) {
                    let k = y * w + x
                    guard image[k] > 0, image[k] < 1 else { continue }
                    var dx = -image[k - w - 1] - r2 * image[k - 1] - image[k + w - 1]
                    dx += image[k - w + 1] + r2 * image[k + 1] + image[k + w + 1]
                    var dy = -image[k - w - 1] - r2 * image[k - w] - image[k - w + 1]
                    dy += image[k + w - 1] + r2 * image[k + w] + image[k + w + 1]
                    let length = dx * dx + dy * dy
                    if length > 0 {
                        let l = length.squareRoot()
                        dx /= l
                        dy /= l
                    }
                    gx[k] = dx
                    gy[k] = dy
                }
            }
        }

        /// Distance from a pixel's centre to an edge crossing it, from its coverage `a`
        /// and the edge's normal (gx, gy): the straight edge that covers `a` of the pixel.
        static func edgeDistance(_ gx: Double, _ gy: Double, _ a: Double) -> Double {
            if gx == 0 || gy == 0 { return 0.5 - a }
            var x = gx, y = gy
            let length = (x * x + y * y).squareRoot()
            if length > 0 {
                x /= length
                y /= length
            }
            x = abs(x)
            y = abs(y)
            if x < y { swap(&x, &y) }
            let a1 = 0.5 * y / x
            if a < a1 { return 0.5 * (x + y) - (2 * x * y * a).squareRoot() }
            if a < 1 - a1 { return (0.5 - a) * x }
            return -0.5 * (x + y) + (2 * x * y * (1 - a)).squareRoot()
        }

        /// The distance from a pixel to the edge pixel its neighbour `c` points to, when
        /// the pixel is (dx, dy) from that edge pixel.
        private func through(_ c: Int, _ dx: Int32, _ dy: Int32) -> Double {
            let edge = c - Int(offsetX[c]) - Int(offsetY[c]) * width
            let a = min(1, max(0, image[edge]))
            if a == 0 { return Self.far }
            let fx = Double(dx), fy = Double(dy)
            let d = (fx * fx + fy * fy).squareRoot()
            if d == 0 { return Self.edgeDistance(gx[edge], gy[edge], a) }
            return d + Self.edgeDistance(fx, fy, a)
        }

        /// Tries pixel `i` against its neighbour at index offset (ox, oy): keeps the
        /// neighbour's edge pixel if it is nearer.
        @inline(__always)
        private mutating func relax(_ i: Int, _ ox: Int, _ oy: Int, _ changed: inout Bool) {
            let c = i + ox + oy * width
            let dx = offsetX[c] - Int32(ox), dy = offsetY[c] - Int32(oy)
            let d = through(c, dx, dy)
            if d < distance[i] {
                offsetX[i] = dx
                offsetY[i] = dy
                distance[i] = d
                changed = true
            }
        }

        /// Sweeps down and up the raster until nothing changes (the order of the
        /// neighbours tried, and which pixels are skipped, decide ties as the generator did).
        mutating func distances() -> [Double] {
            let w = width, h = height
            var changed = true
            while changed {
                changed = false
                for y in 1..<h {
                    var i = y * w
                    if distance[i] > 0 {
                        relax(i, 0, -1, &changed)
                        relax(i, 1, -1, &changed)
                    }
                    i += 1
                    for _ in 1..<(w - 1) {
                        defer { i += 1 }
                        guard distance[i] > 0 else { continue }
                        relax(i, -1, 0, &changed)
                        relax(i, -1, -1, &changed)
                        relax(i, 0, -1, &changed)
                        relax(i, 1, -1, &changed)
                    }
                    if distance[i] > 0 {
                        relax(i, -1, 0, &changed)
                        relax(i, -1, -1, &changed)
                        relax(i, 0, -1, &changed)
                    }
                    i = y * w + w - 2
                    for _ in stride(from: w - 2, through: 0, by: -1) {
                        defer { i -= 1 }
                        guard distance[i] > 0 else { continue }
                        relax(i, 1, 0, &changed)
                    }
                }
                for y in stride(from: h - 2, through: 0, by: -1) {
                    var i = y * w + w - 1
                    if distance[i] > 0 {
                        relax(i, 0, 1, &changed)
                        relax(i, -1, 1, &changed)
                    }
                    i -= 1
                    for _ in stride(from: w - 2, to: 0, by: -1) {
                        defer { i -= 1 }
                        guard distance[i] > 0 else { continue }
                        relax(i, 1, 0, &changed)
                        relax(i, 1, 1, &changed)
                        relax(i, 0, 1, &changed)
                        relax(i, -1, 1, &changed)
                    }
                    if distance[i] > 0 {
                        relax(i, 1, 0, &changed)
                        relax(i, 1, 1, &changed)
                        relax(i, 0, 1, &changed)
                    }
                    i = y * w + 1
                    for _ in 1..<w {
                        defer { i += 1 }
                        guard distance[i] > 0 else { continue }
                        relax(i, -1, 0, &changed)
                    }
                }
            }
            return distance
        }
    }
}
