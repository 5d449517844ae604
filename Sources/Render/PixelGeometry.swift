import Geometry

/// Turns a feature's rings into device-pixel subpaths: transformed, clipped to the image
/// (with a margin) and simplified below what anyone can see.
struct PixelGeometry {
    let transform: PixelTransform
    /// The clip rectangle in device pixels.
    let clip: Box
    /// Simplification tolerance in device pixels.
    let tolerance: Double
    /// Offset added after transforming (translate properties), device pixels.
    var dx = 0.0
    var dy = 0.0
    /// Sharp joins of offset lines become bevels beyond this ratio (`line-miter-limit`).
    var miterLimit = 2.0
    /// The length of a dashed line's pattern, device pixels: each piece the clip leaves
    /// starts where the pattern is at that distance along the whole line.
    var dashPeriod: Double?

    private var scratch: [Double] = []

    init(transform: PixelTransform, clip: Box, tolerance: Double) {
        self.transform = transform
        self.clip = clip
        self.tolerance = tolerance
    }

    /// Transforms ring `r` of `table` into `scratch`; returns its device-pixel bounding box.
    private mutating func load(_ table: FeatureTable, ring r: Int) -> Box {
        scratch.removeAll(keepingCapacity: true)
        var box = Box.empty
        let t = transform
        table.coordinates.withUnsafeBufferPointer { c in
            for i in table.points(of: r) {
                let p = t.apply(c[2 * i], c[2 * i + 1])
                let x = p.x + dx, y = p.y + dy
                scratch.append(x)
                scratch.append(y)
                box.extend(x: x, y: y)
            }
        }
        return box
    }

    /// Appends the polygon rings of part `p` to `paths` as closed subpaths.
    mutating func addPolygon(_ table: FeatureTable, part p: Int, to paths: inout PathBuffer) {
        for r in table.rings(of: p) {
            let box = load(table, ring: r)
            guard box.intersects(clip) else { continue }
            if clip.contains(box) {
                simplifyInto(&paths.points)
            } else {
                var clipped: [Double] = []
                scratch.withUnsafeBufferPointer { Clipping.clipRing($0, to: clip, into: &clipped) }
                swap(&scratch, &clipped)
                simplifyInto(&paths.points)
            }
            let start = Int(paths.starts.last!)
            if paths.points.count / 2 - start >= 3 {
                paths.endSubpath(closed: true)
            } else {
                paths.discardOpenSubpath()
            }
        }
    }

    /// Appends ring `r` (a line, or a polygon ring drawn as a line) as subpaths, split where
    /// it leaves the clip rectangle, once for each of `offsets` (device pixels to the right
    /// of the line's direction; 0 is the line itself). A polygon ring that stays whole is
    /// closed, so it is joined all round instead of capped.
    mutating func addLine(_ table: FeatureTable, ring r: Int, isRing: Bool = false, offsets: [Double] = [0],
                          to paths: inout PathBuffer) {
        let box = load(table, ring: r)
        guard box.intersects(clip), scratch.count >= 4 else { return }
        if clip.contains(box) {
            emit(closed: isRing, offsets: offsets, to: &paths)
            return
        }
        let line = scratch
        var parts: [[Double]] = []
        line.withUnsafeBufferPointer { buffer in
            Clipping.clipLine(buffer, to: clip) { part in parts.append(Array(part)) }
        }
        // A ring cut by the edge whose start is in view: its last piece runs on into its
        // first, so the corner there is a join, not two line ends.
        if isRing, parts.count >= 2, let first = parts.first, let last = parts.last, first.count >= 4, last.count >= 4,
           first[0] == line[0], first[1] == line[1], last[last.count - 2] == line[0], last[last.count - 1] == line[1] {
            parts[0] = Array(last.dropLast(2)) + first
            parts.removeLast()
        }
        var searchFrom = 0
        for part in parts {
            scratch = part
            if let period = dashPeriod, period > 0 { keepDashPhase(of: line, period: period, searchFrom: &searchFrom) }
            emit(closed: false, offsets: offsets, to: &paths)
        }
    }

    /// Moves the start of the clipped piece in `scratch` back along its first segment (off
    /// the image, where nothing shows) by its distance along `line` modulo the dash
    /// period, so that its dashes fall where they fall on the whole line.
    private mutating func keepDashPhase(of line: [Double], period: Double, searchFrom: inout Int) {
        guard scratch.count >= 4 else { return }
        let px = scratch[0], py = scratch[1]
        var along = 0.0
        var found: Double?
        var i = 0
        while i + 3 < line.count {
            let ax = line[i], ay = line[i + 1], bx = line[i + 2], by = line[i + 3]
            let dx = bx - ax, dy = by - ay
            let length = (dx * dx + dy * dy).squareRoot()
            if i / 2 >= searchFrom, length > 0 {
                let t = ((px - ax) * dx + (py - ay) * dy) / (length * length)
                let ex = ax + t * dx - px, ey = ay + t * dy - py
                if t >= -1e-9, t <= 1 + 1e-9, ex * ex + ey * ey <= 1e-6 {
                    found = along + t * length
                    searchFrom = i / 2
                    break
                }
            }
            along += length
            i += 2
        }
        guard let distance = found else { return }
        let shift = distance.truncatingRemainder(dividingBy: period)
        let dx = scratch[0] - scratch[2], dy = scratch[1] - scratch[3]
        let length = (dx * dx + dy * dy).squareRoot()
        guard shift > 0, length > 0 else { return }
        scratch.insert(contentsOf: [px + dx / length * shift, py + dy / length * shift], at: 0)
    }

    /// Simplifies `scratch` and appends it once per offset.
    private mutating func emit(closed: Bool, offsets: [Double], to paths: inout PathBuffer) {
        var simplified: [Double] = []
        simplifyInto(&simplified)
        for offset in offsets {
            if offset == 0 {
                paths.points.append(contentsOf: simplified)
            } else {
                simplified.withUnsafeBufferPointer { LineOffset.offset($0, by: offset, miterLimit: miterLimit, into: &paths.points) }
            }
            paths.endSubpath(closed: closed)
        }
    }

    /// Ring `r` in device pixels, whole (not clipped or simplified): for lines whose paint
    /// varies along them (`line-gradient`).
    mutating func unclippedLine(_ table: FeatureTable, ring r: Int) -> [Double] {
        _ = load(table, ring: r)
        return scratch
    }

    private mutating func simplifyInto(_ output: inout [Double]) {
        scratch.withUnsafeBufferPointer { Simplification.simplify($0, tolerance: tolerance, into: &output) }
    }

    /// Device-pixel position of point `i`.
    func point(_ table: FeatureTable, _ i: Int) -> (x: Double, y: Double) {
        let p = transform.apply(table.x(i), table.y(i))
        return (p.x + dx, p.y + dy)
    }
}
