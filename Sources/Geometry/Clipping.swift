/// Clipping to an axis-aligned rectangle, on interleaved (x, y) buffers.
///
/// Renderers clip in pixel space so that nothing far outside the image reaches Cairo
/// (whose 24.8 fixed-point coordinates overflow past ±8 million pixels) and nothing
/// invisible is stroked.
public enum Clipping {
    /// Clips a closed ring (Sutherland–Hodgman). The result is closed (last point equals the
    /// first) or empty. Edges along the rectangle's border stand in for the parts cut away,
    /// so a filled result covers exactly the inside of the ring within the rectangle.
    public static func clipRing(_ ring: UnsafeBufferPointer<Double>, to box: Box, into output: inout [Double]) {
        var current = Array(ring)
        // Drop the closing point while clipping; it is added back at the end.
        if current.count >= 4, current[0] == current[current.count - 2], current[1] == current[current.count - 1] {
            current.removeLast(2)
        }
        var next: [Double] = []
        next.reserveCapacity(current.count + 8)
        for edge in 0..<4 {
            next.removeAll(keepingCapacity: true)
            let n = current.count / 2
            guard n > 0 else { break }
            var px = current[2 * (n - 1)], py = current[2 * (n - 1) + 1]
            var pIn = inside(px, py, edge, box)
            for i in 0..<n {
                let x = current[2 * i], y = current[2 * i + 1]
                let cIn = inside(x, y, edge, box)
                if cIn != pIn {
                    let (ix, iy) = intersect(px, py, x, y, edge, box)
                    next.append(ix)
                    next.append(iy)
                }
                if cIn {
                    next.append(x)
                    next.append(y)
                }
                px = x
                py = y
                pIn = cIn
            }
            swap(&current, &next)
        }
        guard current.count >= 6 else { return }
        output.append(contentsOf: current)
        output.append(current[0])
        output.append(current[1])
    }

    /// Clips a polyline (Liang–Barsky per segment). Each part that stays inside is passed to
    /// `emit` as an interleaved buffer of at least two points.
    public static func clipLine(_ line: UnsafeBufferPointer<Double>, to box: Box, emit: (UnsafeBufferPointer<Double>) -> Void) {
        let n = line.count / 2
        guard n >= 2 else { return }
        var part: [Double] = []
        part.reserveCapacity(line.count)
        func flush() {
            if part.count >= 4 { part.withUnsafeBufferPointer(emit) }
            part.removeAll(keepingCapacity: true)
        }
        for i in 0..<(n - 1) {
            let x0 = line[2 * i], y0 = line[2 * i + 1], x1 = line[2 * i + 2], y1 = line[2 * i + 3]
            guard let (t0, t1) = liangBarsky(x0, y0, x1, y1, box) else {
                flush()
                continue
            }
            let ax = x0 + t0 * (x1 - x0), ay = y0 + t0 * (y1 - y0)
            let bx = x0 + t1 * (x1 - x0), by = y0 + t1 * (y1 - y0)
            if part.isEmpty || part[part.count - 2] != ax || part[part.count - 1] != ay {
                flush()
                part.append(ax)
                part.append(ay)
            }
            part.append(bx)
            part.append(by)
            if t1 < 1 { flush() }
        }
        flush()
    }

    @inline(__always)
    static func inside(_ x: Double, _ y: Double, _ edge: Int, _ b: Box) -> Bool {
        switch edge {
        case 0: x >= b.minX
        case 1: x <= b.maxX
        case 2: y >= b.minY
        default: y <= b.maxY
        }
    }

    @inline(__always)
    static func intersect(_ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double, _ edge: Int, _ b: Box) -> (Double, Double) {
        switch edge {
        case 0, 1:
            let x = edge == 0 ? b.minX : b.maxX
            let t = (x - x0) / (x1 - x0)
            return (x, y0 + t * (y1 - y0))
        default:
            let y = edge == 2 ? b.minY : b.maxY
            let t = (y - y0) / (y1 - y0)
            return (x0 + t * (x1 - x0), y)
        }
    }

    /// The parameter interval of segment (x0,y0)→(x1,y1) inside the box, or nil.
    @inline(__always)
    static func liangBarsky(_ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double, _ b: Box) -> (Double, Double)? {
        let dx = x1 - x0, dy = y1 - y0
        var t0 = 0.0, t1 = 1.0
        for (p, q) in [(-dx, x0 - b.minX), (dx, b.maxX - x0), (-dy, y0 - b.minY), (dy, b.maxY - y0)] {
            if p == 0 {
                if q < 0 { return nil }
            } else {
                let r = q / p
                if p < 0 {
                    if r > t1 { return nil }
                    if r > t0 { t0 = r }
                } else {
                    if r < t0 { return nil }
                    if r < t1 { t1 = r }
                }
            }
        }
        return (t0, t1)
    }
}
