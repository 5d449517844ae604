/// Centroids: the centre of mass of an area, of a length, or of a set of points. A label
/// for a convex shape goes here; for any shape `LabelPoint.poleOfInaccessibility` is the
/// safer place, since a centroid can fall outside (in the bay of a C, in a hole).
public enum Centroid {
    /// The area centroid of a ring, closed or not, with its signed area; nil when it has
    /// no area.
    public static func ring(_ ring: UnsafeBufferPointer<Double>) -> (x: Double, y: Double, signedArea: Double)? {
        let n = ring.count / 2
        guard n >= 3 else { return nil }
        // Relative to the first point, for precision far from the origin.
        let ox = ring[0], oy = ring[1]
        var twiceArea = 0.0, sx = 0.0, sy = 0.0
        var px = 0.0, py = 0.0
        for i in 1...n {
            let j = i % n
            let x = ring[2 * j] - ox, y = ring[2 * j + 1] - oy
            let cross = px * y - x * py
            twiceArea += cross
            sx += (px + x) * cross
            sy += (py + y) * cross
            px = x
            py = y
        }
        guard twiceArea != 0 else { return nil }
        return (ox + sx / (3 * twiceArea), oy + sy / (3 * twiceArea), twiceArea / 2)
    }

    /// The area centroid of a polygon (the first ring its shell, the others holes, whatever
    /// their orientation); nil when it has no area.
    public static func polygon(_ rings: [UnsafeBufferPointer<Double>]) -> (x: Double, y: Double)? {
        polygon(ringCentroids: rings.lazy.map { ring($0) })
    }

    /// `polygon` for rings held in arrays.
    public static func polygon(_ rings: [[Double]]) -> (x: Double, y: Double)? {
        polygon(ringCentroids: rings.lazy.map { points in points.withUnsafeBufferPointer { ring($0) } })
    }

    private static func polygon<S: Sequence>(ringCentroids: S) -> (x: Double, y: Double)?
    where S.Element == (x: Double, y: Double, signedArea: Double)? {
        var sum = WeightedSum()
        for (i, c) in ringCentroids.enumerated() {
            guard let c else { continue }
            sum.add(c.x, c.y, weight: i == 0 ? abs(c.signedArea) : -abs(c.signedArea))
        }
        return sum.mean
    }

    /// The length centroid of a line: its segments' midpoints weighted by their lengths;
    /// its first point if it has no length; nil without points.
    public static func line(_ line: UnsafeBufferPointer<Double>) -> (x: Double, y: Double)? {
        var sum = WeightedSum()
        addLine(line, to: &sum)
        if let mean = sum.mean { return mean }
        return line.count >= 2 ? (line[0], line[1]) : nil
    }

    /// The mean of the points; nil without points.
    public static func points(_ points: UnsafeBufferPointer<Double>) -> (x: Double, y: Double)? {
        var sum = WeightedSum()
        addPoints(points, to: &sum)
        return sum.mean
    }

    static func addLine(_ line: UnsafeBufferPointer<Double>, to sum: inout WeightedSum) {
        var i = 2
        while i + 1 < line.count {
            let x0 = line[i - 2], y0 = line[i - 1], x1 = line[i], y1 = line[i + 1]
            let length = ((x1 - x0) * (x1 - x0) + (y1 - y0) * (y1 - y0)).squareRoot()
            sum.add((x0 + x1) / 2, (y0 + y1) / 2, weight: length)
            i += 2
        }
    }

    static func addPoints(_ points: UnsafeBufferPointer<Double>, to sum: inout WeightedSum) {
        var i = 0
        while i + 1 < points.count {
            sum.add(points[i], points[i + 1], weight: 1)
            i += 2
        }
    }

    /// Σ w·(x, y) and Σ w.
    struct WeightedSum {
        var x = 0.0, y = 0.0, weight = 0.0
        mutating func add(_ x: Double, _ y: Double, weight w: Double) {
            self.x += w * x
            self.y += w * y
            weight += w
        }
        var mean: (x: Double, y: Double)? { weight == 0 ? nil : (x / weight, y / weight) }
    }
}

extension FeatureTable {
    /// The centroid of a feature by its highest dimension, as JTS and PostGIS do: the area
    /// centroid of its polygons if they have area, else the length centroid of its lines
    /// (polygon outlines included), else the mean of its points; nil for a null or empty
    /// geometry.
    public func centroid(of feature: Int) -> (x: Double, y: Double)? {
        var areas = Centroid.WeightedSum(), lengths = Centroid.WeightedSum(), points = Centroid.WeightedSum()
        for p in parts(of: feature) {
            for (i, r) in rings(of: p).enumerated() {
                withRing(r) { ring in
                    switch partKinds[p] {
                    case .point:
                        Centroid.addPoints(ring, to: &points)
                    case .line:
                        Centroid.addLine(ring, to: &lengths)
                        Centroid.addPoints(ring, to: &points)
                    case .polygon:
                        if let c = Centroid.ring(ring) {
                            areas.add(c.x, c.y, weight: i == 0 ? abs(c.signedArea) : -abs(c.signedArea))
                        }
                        Centroid.addLine(ring, to: &lengths)
                        Centroid.addPoints(ring, to: &points)
                    }
                }
            }
        }
        return areas.mean ?? lengths.mean ?? points.mean
    }
}
