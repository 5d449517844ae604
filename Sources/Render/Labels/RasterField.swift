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
    /// The generator's working raster was a 72-pixel square (freetype-gl's
    /// `distmap_size`) with the glyph 3 pixels from its top-left corner. The field's own
    /// rectangle and one more column and row give the same field (every texel equal, over
    /// the Latin and CJK glyphs of Open Sans and Noto Sans CJK) at a fifth of the work.
    static let generatorSide = 72

    /// A `(width + 2·buffer) × (height + 2·buffer)` field, top row first, from `coverage`
    /// (`width × height` bytes, top row first).
    static func field(coverage: [UInt8], width: Int, height: Int, buffer: Int) -> [UInt8] {
        let fw = width + 2 * buffer, fh = height + 2 * buffer
        return field(coverage: coverage, width: width, height: height, buffer: buffer, working: (fw + 1, fh + 1))
    }

    /// The field made in a working raster of `working` pixels (at least the field's size).
    static func field(coverage: [UInt8], width: Int, height: Int, buffer: Int, working: (Int, Int)) -> [UInt8] {
        let fw = width + 2 * buffer, fh = height + 2 * buffer
        guard width > 0, height > 0 else { return [] }
        let w = max(working.0, fw), h = max(working.1, fh)
        var lowest = 255.0, highest = -255.0
        for v in coverage {
            lowest = min(lowest, Double(v))
            highest = max(highest, Double(v))
        }
        guard highest > 0 else { return [UInt8](repeating: 0, count: fw * fh) }
        // A raster of one level throughout (a solid block) would rescale to nothing and the
        // glyph vanish, as it did in the generator; such a raster keeps its levels.
        let floor = lowest < highest ? lowest : 0
        var image = [Double](repeating: 0, count: w * h)
        for y in 0..<height {
            for x in 0..<width {
                image[(y + buffer) * w + x + buffer] = (Double(coverage[y * width + x]) - floor) / highest
            }
        }
        let outside = Transform.distances(image, width: w, height: h)
        for i in image.indices { image[i] = 1 - image[i] }
        let inside = Transform.distances(image, width: w, height: h)
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
    /// coverage), through the offset to the edge pixel nearest it. Works in buffers it
    /// owns for the length of `distances`, which runs the sweeps without bounds checks:
    /// a glyph takes hundreds of thousands of neighbour tests.
    private struct Transform {
        let image: UnsafeBufferPointer<Double>
        let width: Int
        let height: Int
        let gx: UnsafeMutableBufferPointer<Double>
        let gy: UnsafeMutableBufferPointer<Double>
        let offsetX: UnsafeMutableBufferPointer<Int32>
        let offsetY: UnsafeMutableBufferPointer<Int32>
        let distance: UnsafeMutableBufferPointer<Double>

        /// Not yet reached from any edge.
        static let far = 1_000_000.0

        /// The distances for `image` (`width × height` coverages in 0...1).
        static func distances(_ image: [Double], width: Int, height: Int) -> [Double] {
            let n = image.count
            let gx = UnsafeMutableBufferPointer<Double>.allocate(capacity: n), gy = UnsafeMutableBufferPointer<Double>.allocate(capacity: n)
            let ox = UnsafeMutableBufferPointer<Int32>.allocate(capacity: n), oy = UnsafeMutableBufferPointer<Int32>.allocate(capacity: n)
            defer {
                gx.deallocate()
                gy.deallocate()
                ox.deallocate()
                oy.deallocate()
            }
            gx.initialize(repeating: 0)
            gy.initialize(repeating: 0)
            ox.initialize(repeating: 0)
            oy.initialize(repeating: 0)
            return image.withUnsafeBufferPointer { img in
                [Double](unsafeUninitializedCapacity: n) { out, count in
                    let t = Transform(image: img, width: width, height: height, gx: gx, gy: gy, offsetX: ox, offsetY: oy,
                                      distance: out)
                    t.run()
                    count = n
                }
            }
        }

        /// Gradients, starting distances (0 inside, the edge estimate on partly covered
        /// pixels, far outside), then the sweeps.
        private func run() {
            gradients()
            for i in 0..<image.count {
                let a = image[i]
                distance[i] = a <= 0 ? Self.far : a < 1 ? Self.edgeDistance(gx[i], gy[i], a) : 0
            }
            sweep()
        }

        /// The edge direction at partly covered pixels away from the border: a 3 × 3
        /// gradient (√2 at the sides), normalised. Elsewhere it stays zero.
        private func gradients() {
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

        /// Tries pixel `i` against its neighbour at index offset (ox, oy): the edge pixel
        /// the neighbour points to, seen from `i`, if it is nearer than what `i` has.
        @inline(__always)
        private func relax(_ i: Int, _ ox: Int, _ oy: Int, _ changed: inout Bool) {
            let c = i + ox + oy * width
            let dx = offsetX[c] - Int32(ox), dy = offsetY[c] - Int32(oy)
            let edge = c - Int(offsetX[c]) - Int(offsetY[c]) * width
            let a = min(1, max(0, image[edge]))
            if a == 0 { return }  // the neighbour has not been reached yet
            let fx = Double(dx), fy = Double(dy)
            let d0 = (fx * fx + fy * fy).squareRoot()
            let d = d0 == 0 ? Self.edgeDistance(gx[edge], gy[edge], a) : d0 + Self.edgeDistance(fx, fy, a)
            if d < distance[i] {
                offsetX[i] = dx
                offsetY[i] = dy
                distance[i] = d
                changed = true
            }
        }

        /// Sweeps down and up the raster until nothing changes (the order of the
        /// neighbours tried, and which pixels are skipped, decide ties as the generator did).
        private func sweep() {
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
        }
    }
}
