#if canImport(Glibc)
import Glibc
#endif

/// BD-09, Baidu Maps' coordinates: GCJ-02 turned by a small position-dependent rotation and
/// scale about the origin, then moved by (0.0065°, 0.006°). Baidu applies it everywhere,
/// inside China or not.
enum BD09 {
    /// π·3000/180: the frequency of the published perturbation terms, per degree.
    private static let frequency = Double.pi * 3000 / 180
    static let eastShift = 0.0065
    static let northShift = 0.006

    @inline(__always)
    static func fromGCJ02(x: Double, y: Double) -> (x: Double, y: Double) {
        let r = (x * x + y * y).squareRoot() + 0.00002 * sin(y * frequency)
        let theta = atan2(y, x) + 0.000003 * cos(x * frequency)
        return (r * cos(theta) + eastShift, r * sin(theta) + northShift)
    }

    /// The published approximate inverse (the perturbations taken at the shifted point,
    /// off by up to about 1e-7°), then corrected by fixed-point steps until a correction is
    /// under 1e-9° (0.1 mm); one step usually.
    @inline(__always)
    static func toGCJ02(x bx: Double, y by: Double) -> (x: Double, y: Double) {
        let x0 = bx - eastShift, y0 = by - northShift
        let r = (x0 * x0 + y0 * y0).squareRoot() - 0.00002 * sin(y0 * frequency)
        let theta = atan2(y0, x0) - 0.000003 * cos(x0 * frequency)
        var x = r * cos(theta), y = r * sin(theta)
        for _ in 0..<8 {
            let b = fromGCJ02(x: x, y: y)
            let ex = b.x - bx, ey = b.y - by
            x -= ex
            y -= ey
            if abs(ex) < 1e-9 && abs(ey) < 1e-9 { break }
        }
        return (x, y)
    }
}
