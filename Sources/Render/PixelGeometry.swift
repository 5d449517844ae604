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

    private var scratch: [Double] = []
    private var simplified: [Double] = []

    init(transform: PixelTransform, clip: Box, tolerance: Double = 0.2) {
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

    /// Appends ring `r` (a line, or a polygon ring drawn as a line) as open subpaths, split
    /// where it leaves the clip rectangle.
    mutating func addLine(_ table: FeatureTable, ring r: Int, to paths: inout PathBuffer) {
        let box = load(table, ring: r)
        guard box.intersects(clip), scratch.count >= 4 else { return }
        if clip.contains(box) {
            simplifyInto(&paths.points)
            paths.endSubpath(closed: false)
            return
        }
        let line = scratch
        line.withUnsafeBufferPointer { buffer in
            Clipping.clipLine(buffer, to: clip) { part in
                scratch = Array(part)
                simplifyInto(&paths.points)
                paths.endSubpath(closed: false)
            }
        }
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
