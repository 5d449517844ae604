/// Bézier curves cut into straight segments by recursive halving, with the tolerances of
/// Anti-Grain Geometry's `curve3_div`/`curve4_div` at their defaults (approximation scale 1,
/// no angle tolerance): the flattening the glyph-PBF generator (sdf-glyph-foundry) applies
/// to outlines at 24 px before measuring distances. A control point within half a pixel of
/// the chord ends the halving, so curves deviate from the true outline by up to a quarter
/// of a pixel at 24 px; reproducing that (rather than flattening finer) keeps glyph edges
/// where MapLibre's glyph atlases put them.
enum CurveFlattening {
    private static let toleranceSquared = 0.25
    private static let collinearity = 1e-30
    private static let recursionLimit = 32

    /// Appends the points after `p1` of the quadratic curve p1–p2–p3, ending with p3.
    static func quadratic(_ p1: (Double, Double), _ p2: (Double, Double), _ p3: (Double, Double),
                          into points: inout [(Double, Double)]) {
        quadratic(p1.0, p1.1, p2.0, p2.1, p3.0, p3.1, level: 0, into: &points)
        points.append(p3)
    }

    /// Appends the points after `p1` of the cubic curve p1–p2–p3–p4, ending with p4.
    static func cubic(_ p1: (Double, Double), _ p2: (Double, Double), _ p3: (Double, Double), _ p4: (Double, Double),
                      into points: inout [(Double, Double)]) {
        cubic(p1.0, p1.1, p2.0, p2.1, p3.0, p3.1, p4.0, p4.1, level: 0, into: &points)
        points.append(p4)
    }

    private static func squared(_ ax: Double, _ ay: Double, _ bx: Double, _ by: Double) -> Double {
        (ax - bx) * (ax - bx) + (ay - by) * (ay - by)
    }

    private static func quadratic(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, _ x3: Double, _ y3: Double,
                                  level: Int, into points: inout [(Double, Double)]) {
        guard level <= recursionLimit else { return }
        let x12 = (x1 + x2) / 2, y12 = (y1 + y2) / 2
        let x23 = (x2 + x3) / 2, y23 = (y2 + y3) / 2
        let x123 = (x12 + x23) / 2, y123 = (y12 + y23) / 2
        let dx = x3 - x1, dy = y3 - y1
        var d = abs((x2 - x3) * dy - (y2 - y3) * dx)
        if d > collinearity {
            // The control point is close enough to the chord: the curve's midpoint stands for it.
            if d * d <= toleranceSquared * (dx * dx + dy * dy) {
                points.append((x123, y123))
                return
            }
        } else {
            let da = dx * dx + dy * dy
            if da == 0 {
                d = squared(x1, y1, x2, y2)
            } else {
                d = ((x2 - x1) * dx + (y2 - y1) * dy) / da
                // Control point between the ends, on the chord: a straight line.
                if d > 0 && d < 1 { return }
                if d <= 0 { d = squared(x2, y2, x1, y1) } else if d >= 1 { d = squared(x2, y2, x3, y3) }
                else { d = squared(x2, y2, x1 + d * dx, y1 + d * dy) }
            }
            if d < toleranceSquared {
                points.append((x2, y2))
                return
            }
        }
        quadratic(x1, y1, x12, y12, x123, y123, level: level + 1, into: &points)
        quadratic(x123, y123, x23, y23, x3, y3, level: level + 1, into: &points)
    }

    private static func cubic(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, _ x3: Double, _ y3: Double,
                              _ x4: Double, _ y4: Double, level: Int, into points: inout [(Double, Double)]) {
        guard level <= recursionLimit else { return }
        let x12 = (x1 + x2) / 2, y12 = (y1 + y2) / 2
        let x23 = (x2 + x3) / 2, y23 = (y2 + y3) / 2
        let x34 = (x3 + x4) / 2, y34 = (y3 + y4) / 2
        let x123 = (x12 + x23) / 2, y123 = (y12 + y23) / 2
        let x234 = (x23 + x34) / 2, y234 = (y23 + y34) / 2
        let x1234 = (x123 + x234) / 2, y1234 = (y123 + y234) / 2
        let dx = x4 - x1, dy = y4 - y1
        var d2 = abs((x2 - x4) * dy - (y2 - y4) * dx)
        var d3 = abs((x3 - x4) * dy - (y3 - y4) * dx)
        let chord = dx * dx + dy * dy
        switch (d2 > collinearity, d3 > collinearity) {
        case (false, false):
            // All four points on one line (or a closed loop).
            if chord == 0 {
                d2 = squared(x1, y1, x2, y2)
                d3 = squared(x4, y4, x3, y3)
            } else {
                let k = 1 / chord
                d2 = k * ((x2 - x1) * dx + (y2 - y1) * dy)
                d3 = k * ((x3 - x1) * dx + (y3 - y1) * dy)
                if d2 > 0 && d2 < 1 && d3 > 0 && d3 < 1 { return }
                if d2 <= 0 { d2 = squared(x2, y2, x1, y1) } else if d2 >= 1 { d2 = squared(x2, y2, x4, y4) }
                else { d2 = squared(x2, y2, x1 + d2 * dx, y1 + d2 * dy) }
                if d3 <= 0 { d3 = squared(x3, y3, x1, y1) } else if d3 >= 1 { d3 = squared(x3, y3, x4, y4) }
                else { d3 = squared(x3, y3, x1 + d3 * dx, y1 + d3 * dy) }
            }
            if d2 > d3 {
                if d2 < toleranceSquared {
                    points.append((x2, y2))
                    return
                }
            } else if d3 < toleranceSquared {
                points.append((x3, y3))
                return
            }
        case (false, true):
            if d3 * d3 <= toleranceSquared * chord {
                points.append((x23, y23))
                return
            }
        case (true, false):
            if d2 * d2 <= toleranceSquared * chord {
                points.append((x23, y23))
                return
            }
        case (true, true):
            if (d2 + d3) * (d2 + d3) <= toleranceSquared * chord {
                points.append((x23, y23))
                return
            }
        }
        cubic(x1, y1, x12, y12, x123, y123, x1234, y1234, level: level + 1, into: &points)
        cubic(x1234, y1234, x234, y234, x34, y34, x4, y4, level: level + 1, into: &points)
    }
}
