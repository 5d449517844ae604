/// Clipping to an axis-aligned rectangle, on interleaved (x, y) buffers.
///
/// Renderers clip in pixel space so that nothing far outside the image reaches Cairo
/// (whose 24.8 fixed-point coordinates overflow past ±8 million pixels) and nothing
/// invisible is stroked. Every point written lies inside the rectangle (computed
/// intersections are clamped onto it, so rounding cannot put one a hair outside).
public enum Clipping {
    /// Clips a ring, closed or not (Sutherland–Hodgman, one edge of the rectangle at a
    /// time), and appends the result to `output` as a closed ring (last point equal to the
    /// first) of at least four points, or appends nothing when no area is left.
    ///
    /// Where the ring leaves the rectangle, the result runs along its border, so a filled
    /// result covers exactly the part of the ring's inside that is in the rectangle. A
    /// ring wholly inside is copied as it is.
    public static func clipRing(_ ring: UnsafeBufferPointer<Double>, to box: Box, into output: inout [Double]) {
        var n = ring.count / 2
        if n >= 2 && ring[0] == ring[2 * n - 2] && ring[1] == ring[2 * n - 1] { n -= 1 }  // the closing point
        guard n >= 3 else { return }
        let open = UnsafeBufferPointer(rebasing: ring[0..<(2 * n)])
        let bounds = Box(points: open)
        guard bounds.intersects(box) else { return }
        if box.contains(bounds) {
            output.append(contentsOf: open)
            output.append(open[0])
            output.append(open[1])
            return
        }
        var current = Array(open)
        var next: [Double] = []
        next.reserveCapacity(current.count + 8)
        for edge in 0..<4 {
            next.removeAll(keepingCapacity: true)
            let count = current.count / 2
            guard count > 0 else { return }
            var px = current[2 * count - 2], py = current[2 * count - 1]
            var previousInside = inside(px, py, edge, box)
            for i in 0..<count {
                let x = current[2 * i], y = current[2 * i + 1]
                let isInside = inside(x, y, edge, box)
                if isInside != previousInside {
                    let (ix, iy) = intersect(px, py, x, y, edge, box)
                    next.append(ix)
                    next.append(iy)
                }
                if isInside {
                    next.append(x)
                    next.append(y)
                }
                px = x
                py = y
                previousInside = isInside
            }
            swap(&current, &next)
        }
        appendClosedRing(current, clampedTo: box, to: &output)
    }

    /// Appends `ring` (open) clamped into `box`, without repeated points, closed; nothing
    /// if fewer than three distinct points or no area remain.
    private static func appendClosedRing(_ ring: [Double], clampedTo box: Box, to output: inout [Double]) {
        var points: [Double] = []
        points.reserveCapacity(ring.count + 2)
        var i = 0
        while i < ring.count {
            let x = clamp(ring[i], box.minX, box.maxX), y = clamp(ring[i + 1], box.minY, box.maxY)
            if points.isEmpty || points[points.count - 2] != x || points[points.count - 1] != y {
                points.append(x)
                points.append(y)
            }
            i += 2
        }
        while points.count >= 4 && points[0] == points[points.count - 2] && points[1] == points[points.count - 1] {
            points.removeLast(2)
        }
        guard points.count >= 6 else { return }
        let area = points.withUnsafeBufferPointer { Area.signedRing($0) }
        guard area != 0 else { return }
        output.append(contentsOf: points)
        output.append(points[0])
        output.append(points[1])
    }

    /// Clips a polyline (Liang–Barsky, segment by segment). Each piece that is inside the
    /// rectangle is passed to `emit` as an interleaved buffer of at least two distinct
    /// points, in the order of the line; a line that leaves and comes back gives several
    /// pieces. A line that only touches the border gives none.
    public static func clipLine(_ line: UnsafeBufferPointer<Double>, to box: Box, emit: (UnsafeBufferPointer<Double>) -> Void) {
        let n = line.count / 2
        guard n >= 2 else { return }
        let bounds = Box(points: line)
        guard bounds.intersects(box) else { return }
        if box.contains(bounds) {
            if bounds.width > 0 || bounds.height > 0 { emit(line) }
            return
        }
        var piece: [Double] = []
        piece.reserveCapacity(line.count)
        func flush() {
            if piece.count >= 4 { piece.withUnsafeBufferPointer(emit) }
            piece.removeAll(keepingCapacity: true)
        }
        func append(_ x: Double, _ y: Double) {
            if piece.isEmpty || piece[piece.count - 2] != x || piece[piece.count - 1] != y {
                piece.append(x)
                piece.append(y)
            }
        }
        for i in 0..<(n - 1) {
            let x0 = line[2 * i], y0 = line[2 * i + 1], x1 = line[2 * i + 2], y1 = line[2 * i + 3]
            guard let (t0, t1) = liangBarsky(x0, y0, x1, y1, box) else {
                flush()
                continue
            }
            let ax = clamp(x0 + t0 * (x1 - x0), box.minX, box.maxX), ay = clamp(y0 + t0 * (y1 - y0), box.minY, box.maxY)
            let bx = clamp(x0 + t1 * (x1 - x0), box.minX, box.maxX), by = clamp(y0 + t1 * (y1 - y0), box.minY, box.maxY)
            // A piece continues while segments end and start inside; one that enters at
            // t0 > 0 follows one that left (and flushed) or missed.
            append(ax, ay)
            append(bx, by)
            if t1 < 1 { flush() }  // and leaves here
        }
        flush()
    }

    @inline(__always)
    static func clamp(_ v: Double, _ low: Double, _ high: Double) -> Double {
        v < low ? low : v > high ? high : v
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

    /// Where segment (x0,y0)→(x1,y1), which crosses `edge`'s line, meets it.
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

    /// The parameter interval [t0, t1] ⊆ [0, 1] of segment (x0,y0)→(x1,y1) inside the box,
    /// or nil if the segment misses it.
    @inline(__always)
    static func liangBarsky(_ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double, _ b: Box) -> (Double, Double)? {
        let dx = x1 - x0, dy = y1 - y0
        var t0 = 0.0, t1 = 1.0
        // One side of the box: p is the direction's component towards outside, q the
        // distance inside. False if the segment is wholly outside that side.
        func side(_ p: Double, _ q: Double) -> Bool {
            if p == 0 { return q >= 0 }
            let r = q / p
            if p < 0 {
                if r > t1 { return false }
                if r > t0 { t0 = r }
            } else {
                if r < t0 { return false }
                if r < t1 { t1 = r }
            }
            return true
        }
        guard side(-dx, x0 - b.minX), side(dx, b.maxX - x0), side(-dy, y0 - b.minY), side(dy, b.maxY - y0) else { return nil }
        return (t0, t1)
    }
}
