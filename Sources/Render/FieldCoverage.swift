#if canImport(Glibc)
import Glibc
#endif
import Geometry
import Style

/// One glyph's distance field placed on the device: its pen on the baseline, turned by
/// `angle`, `scale` device pixels per field pixel.
struct FieldGlyph {
    let glyph: SDFGlyph
    let ascender: Double
    let penX: Double
    let penY: Double
    let scale: Double
    let color: Color?
    /// The turn's cosine and sine.
    private let c: Double
    private let s: Double

    init(glyph: SDFGlyph, ascender: Double, penX: Double, penY: Double, angle: Double, scale: Double, color: Color?) {
        self.glyph = glyph
        self.ascender = ascender
        self.penX = penX
        self.penY = penY
        self.scale = scale
        self.color = color
        (c, s) = angle == 0 ? (1, 0) : (cos(angle), sin(angle))
    }

    /// The field's first pixel's top-left corner from the pen, in field pixels (y down):
    /// MapLibre's glyph quad starts a further pixel out, its atlas padding, which is empty.
    private var fieldLeft: Double { Double(glyph.left - SDFGlyph.buffer) }
    private var fieldTop: Double { -Double(glyph.top) - ascender - Double(SDFGlyph.buffer) }

    /// The device box of the glyph's quad (field plus a pixel of padding).
    var bounds: Box {
        let l = fieldLeft - 1, t = fieldTop - 1
        let r = l + Double(glyph.fieldWidth + 2), b = t + Double(glyph.fieldHeight + 2)
        if s == 0 && c > 0 {
            return Box(minX: penX + l * scale, minY: penY + t * scale, maxX: penX + r * scale, maxY: penY + b * scale)
        }
        var box = Box.empty
        for (x, y) in [(l, t), (r, t), (l, b), (r, b)] {
            let dx: Double = (x * c - y * s) * scale
            let dy: Double = (x * s + y * c) * scale
            box.extend(x: penX + dx, y: penY + dy)
        }
        return box
    }

    /// Adds the glyph's coverage for each of `parts` to `coverage` (one `width` × `height`
    /// plane per part, the box's corner at device (x0, y0)), compositing as overlapping
    /// quads blend. The field is sampled bilinearly at pixel centres on the quad (the field
    /// and its pixel of padding) and each part's smoothstep applied to the same samples.
    func cover(_ coverage: UnsafeMutablePointer<Float>, parts: FieldParts, width: Int, height: Int,
               x0: Double, y0: Double, scratch: FieldScratch) {
        let b = bounds
        let firstX = max(0, Int((b.minX - x0 - 0.5).rounded(.up))), lastX = min(width - 1, Int((b.maxX - x0 - 0.5).rounded(.down)))
        let firstY = max(0, Int((b.minY - y0 - 0.5).rounded(.up))), lastY = min(height - 1, Int((b.maxY - y0 - 0.5).rounded(.down)))
        guard firstX <= lastX, firstY <= lastY else { return }
        let pw = glyph.fieldWidth + 2 * SDFGlyph.sampleBorder
        let k = 1 / scale
        // Positions in the bordered field, whose texel centres are at whole numbers: the
        // quad spans 0.5 ... size + 2.5.
        let shift = Double(SDFGlyph.sampleBorder) - 0.5
        let maxU = Double(glyph.fieldWidth) + 2.5, maxV = Double(glyph.fieldHeight) + 2.5
        let plane = width * height
        glyph.sampling.withUnsafeBufferPointer { buffer in
            let f = buffer.baseAddress!
            guard s == 0 && c > 0 else {
                // Turned (a glyph on a line): step the field position along each row.
                let du = c * k, dv = -s * k
                for py in firstY...lastY {
                    let dy = y0 + Double(py) + 0.5 - penY
                    let dx = x0 + Double(firstX) + 0.5 - penX
                    var u = (dx * c + dy * s) * k - fieldLeft + shift
                    var v = (-dx * s + dy * c) * k - fieldTop + shift
                    var i = py * width + firstX
                    for _ in firstX...lastX {
                        defer { u += du; v += dv; i += 1 }
                        guard u >= 0.5, v >= 0.5, u <= maxU, v <= maxV else { continue }
                        let ix = Int(u), iy = Int(v)
                        let tx = Float(u - Double(ix)), ty = Float(v - Double(iy))
                        let p = iy * pw + ix
                        let a = Float(f[p]), bb = Float(f[p + 1]), cc = Float(f[p + pw]), d = Float(f[p + pw + 1])
                        let upper = a + (bb - a) * tx, lower = cc + (d - cc) * tx
                        parts.blend(coverage + i, plane, upper + (lower - upper) * ty)
                    }
                }
                return
            }
            // Upright (point labels): the columns on the quad and their field positions are
            // the same on every row, so they are found once; each row then blends its two
            // field rows once per field column and interpolates across.
            let u0 = (x0 + Double(firstX) + 0.5 - penX) * k - fieldLeft + shift
            var jLo = max(0, Int(((0.5 - u0) / k).rounded(.down))), jHi = min(lastX - firstX, Int(((maxU - u0) / k).rounded(.up)))
            while jLo <= jHi && u0 + Double(jLo) * k < 0.5 { jLo += 1 }
            while jHi >= jLo && u0 + Double(jHi) * k > maxU { jHi -= 1 }
            guard jLo <= jHi else { return }
            let n = jHi - jLo + 1
            let (columns, fractions, blended) = scratch.columns(n, fieldWidth: pw)
            for j in 0..<n {
                let u = u0 + Double(jLo + j) * k
                let ix = Int(u)
                columns[j] = Int32(ix)
                fractions[j] = Float(u - Double(ix))
            }
            let firstColumn = Int(columns[0]), lastColumn = Int(columns[n - 1]) + 1
            for j in 0..<n { columns[j] -= Int32(firstColumn) }
            for py in firstY...lastY {
                let v = (y0 + Double(py) + 0.5 - penY) * k - fieldTop + shift
                guard v >= 0.5, v <= maxV else { continue }
                let iy = Int(v), ty = Float(v - Double(iy))
                let top = f + iy * pw, bottom = top + pw
                let upper = top + firstColumn, lower = bottom + firstColumn
                var x = 0
                while x <= lastColumn &- firstColumn {
                    let a = Float(upper[x])
                    blended[x] = a + (Float(lower[x]) - a) * ty
                    x &+= 1
                }
                let row = coverage + py * width + firstX + jLo
                var j = 0
                while j &+ 4 <= n {
                    // Four pixels in vector lanes: the same arithmetic as one.
                    let i0 = Int(truncatingIfNeeded: columns[j]), i1 = Int(truncatingIfNeeded: columns[j &+ 1])
                    let i2 = Int(truncatingIfNeeded: columns[j &+ 2]), i3 = Int(truncatingIfNeeded: columns[j &+ 3])
                    let a = SIMD4<Float>(blended[i0], blended[i1], blended[i2], blended[i3])
                    let b = SIMD4<Float>(blended[i0 &+ 1], blended[i1 &+ 1], blended[i2 &+ 1], blended[i3 &+ 1])
                    let f = UnsafeRawPointer(fractions + j).loadUnaligned(as: SIMD4<Float>.self)
                    parts.blend(row + j, plane, a + (b - a) * f)
                    j &+= 4
                }
                while j < n {
                    let i = Int(truncatingIfNeeded: columns[j])
                    let a = blended[i]
                    parts.blend(row + j, plane, a + (blended[i &+ 1] - a) * fractions[j])
                    j &+= 1
                }
            }
        }
    }
}

/// One or two coverages taken from the same field samples: the smoothstep of the sampled
/// distance (0...255) from `low` over 1 / `inverse` for each. A halo and its fill are two
/// parts; the second must lie within the first.
struct FieldParts {
    let count: Int
    private let low: (Float, Float)
    private let inverse: (Float, Float)

    /// `parts` as (edge, gamma) in field units (0...1 of the field's range).
    init(_ parts: [(edge: Double, gamma: Double)]) {
        precondition(parts.count == 1 || parts.count == 2)
        count = parts.count
        let p0 = parts[0], p1 = parts.last!
        low = (Float((p0.edge - p0.gamma) * 255), Float((p1.edge - p1.gamma) * 255))
        inverse = (Float(1 / (2 * p0.gamma) / 255), Float(1 / (2 * p1.gamma) / 255))
    }

    /// Composites the coverage for `distance` into the pixel at `pixel` of each part's
    /// plane (`plane` floats apart). Clamped, not branched: a zero coverage adds nothing.
    @inline(__always)
    func blend(_ pixel: UnsafeMutablePointer<Float>, _ plane: Int, _ distance: Float) {
        var t = min(max((distance - low.0) * inverse.0, 0), 1)
        pixel.pointee += t * t * (3 - 2 * t) * (1 - pixel.pointee)
        guard count == 2 else { return }
        t = min(max((distance - low.1) * inverse.1, 0), 1)
        pixel[plane] += t * t * (3 - 2 * t) * (1 - pixel[plane])
    }

    /// `blend` for four neighbouring pixels.
    @inline(__always)
    func blend(_ pixels: UnsafeMutablePointer<Float>, _ plane: Int, _ distance: SIMD4<Float>) {
        let zero = SIMD4<Float>(repeating: 0), one = SIMD4<Float>(repeating: 1), three = SIMD4<Float>(repeating: 3)
        // Clamped with lane selects: the generic `clamped` is not inlined.
        @inline(__always) func unit(_ x: SIMD4<Float>) -> SIMD4<Float> {
            x.replacing(with: zero, where: x .< zero).replacing(with: one, where: x .> one)
        }
        var t = unit((distance - SIMD4(repeating: low.0)) * inverse.0)
        let first = UnsafeMutableRawPointer(pixels)
        var c = first.loadUnaligned(as: SIMD4<Float>.self)
        first.storeBytes(of: c + t * t * (three - 2 * t) * (one - c), as: SIMD4<Float>.self)
        guard count == 2 else { return }
        t = unit((distance - SIMD4(repeating: low.1)) * inverse.1)
        let second = UnsafeMutableRawPointer(pixels + plane)
        c = second.loadUnaligned(as: SIMD4<Float>.self)
        second.storeBytes(of: c + t * t * (three - 2 * t) * (one - c), as: SIMD4<Float>.self)
    }
}

/// Memory one thread reuses for label after label: coverage planes, and for an upright
/// glyph its columns' field positions and a row of blended field values. Thousands of
/// labels would otherwise allocate and zero their own.
final class FieldScratch {
    private var coverage = Growable<Float>()
    private var columns = Growable<Int32>()
    private var fractions = Growable<Float>()
    private var blended = Growable<Float>()

    deinit {
        coverage.free()
        columns.free()
        fractions.free()
        blended.free()
    }

    /// `count` zeroed floats, valid until the next call.
    func zeroedCoverage(_ count: Int) -> UnsafeMutablePointer<Float> {
        let p = coverage.reserve(count)
        p.update(repeating: 0, count: count)
        return p
    }

    /// Gives back a coverage buffer a huge label grew past what ordinary labels need.
    func trim() {
        if coverage.capacity > 1 << 22 { coverage.free(); coverage = Growable() }
    }

    func columns(_ count: Int, fieldWidth: Int)
        -> (UnsafeMutablePointer<Int32>, UnsafeMutablePointer<Float>, UnsafeMutablePointer<Float>) {
        (columns.reserve(count), fractions.reserve(count), blended.reserve(fieldWidth + 1))
    }

    static var current: FieldScratch { perThread.value }
    private static let perThread = PerThread { FieldScratch() }
}

/// A buffer that only grows.
private struct Growable<T: BitwiseCopyable> {
    private var pointer: UnsafeMutablePointer<T>?
    private(set) var capacity = 0

    mutating func reserve(_ count: Int) -> UnsafeMutablePointer<T> {
        if let pointer, capacity >= count { return pointer }
        pointer?.deallocate()
        capacity = max(count, 2 * capacity, 256)
        let p = UnsafeMutablePointer<T>.allocate(capacity: capacity)
        pointer = p
        return p
    }

    func free() { pointer?.deallocate() }
}
