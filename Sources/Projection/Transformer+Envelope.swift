import Geometry

extension Transformer {
    /// The envelope of `box` once transformed. Lines of constant x or y in one CRS are
    /// curves in another (parallels in a conic projection, a UTM grid seen in longitude and
    /// latitude), so the corners alone miss the bulge: each edge is sampled at
    /// `samplesPerEdge` + 1 points. For a transformation that maps the box one-to-one this
    /// bounds its whole image; a box around a pole or across the CRS's antimeridian is not
    /// one of those.
    ///
    /// Samples that fail (outside the target's domain) are left out; the call fails only if
    /// all do.
    public func envelope(of box: Box, samplesPerEdge: Int = 64, _ direction: Direction = .forward) throws(ProjectionError) -> Box {
        let n = max(1, samplesPerEdge)
        var xy: [Double] = []
        xy.reserveCapacity(8 * (n + 1))
        for i in 0...n {
            let f = Double(i) / Double(n)
            let x = box.minX + f * (box.maxX - box.minX), y = box.minY + f * (box.maxY - box.minY)
            xy += [x, box.minY, x, box.maxY, box.minX, y, box.maxX, y]
        }
        xy.withUnsafeMutableBufferPointer { _ = transform($0, direction) }
        var envelope = Box.empty
        for i in stride(from: 0, to: xy.count, by: 2) where xy[i].isFinite {
            envelope.extend(x: xy[i], y: xy[i + 1])
        }
        guard !envelope.isEmpty else {
            let (from, to) = direction == .forward ? (source, target) : (target, source)
            throw .noTransformation(from: from.description, to: to.description, reason: "the box \(box) is outside the CRS's area")
        }
        return envelope
    }
}
