#if canImport(Glibc)
import Glibc
#endif

/// EPSG:4326 ↔ EPSG:3857 in plain Swift: the formulas of PROJ's `webmerc`, with its checks
/// and longitude wrapping, about four times PROJ's speed (no pipeline steps, no per-point
/// dispatch). `Transformer` uses it for that pair unless asked for PROJ; tests hold it to
/// PROJ's results.
///
/// x = a·λ, y = a·asinh(tan φ) on the sphere of radius a = 6378137 m (WGS84's semi-major
/// axis), λ taken to [-π, π] as PROJ does.
enum WebMercator {
    static let radius = 6378137.0
    private static let inverseRadius = 1 / radius
    /// PROJ's `unitconvert` factor; multiplied going in, divided by coming out, as there.
    private static let degreesToRadians = 0.017453292519943296

    /// Longitude/latitude degrees → metres, in place. Failures become (inf, inf): latitudes
    /// beyond ±90°, longitudes beyond ±10 radians (PROJ's limits), non-finite input.
    static func forward(_ xy: UnsafeMutableBufferPointer<Double>) -> Int {
        var failed = 0
        for i in stride(from: 0, to: xy.count - 1, by: 2) {
            let lambda = xy[i] * degreesToRadians, phi = xy[i + 1] * degreesToRadians
            // PROJ's bounds: |φ| ≤ π/2 + 1e-12 (then clamped), |λ| ≤ 10 radians.
            if abs(phi) - .pi / 2 <= 1e-12, abs(lambda) <= 10 {
                failed += store(radius * wrapped(lambda), radius * asinh(tan(min(max(phi, -.pi / 2), .pi / 2))), in: xy, at: i)
            } else {
                failed += store(.infinity, .infinity, in: xy, at: i)
            }
        }
        return failed
    }

    /// Metres → longitude/latitude degrees, in place. Failures become (inf, inf): +inf
    /// (PROJ's HUGE_VAL, its mark of a failed point) and results that are not numbers.
    static func inverse(_ xy: UnsafeMutableBufferPointer<Double>) -> Int {
        var failed = 0
        for i in stride(from: 0, to: xy.count - 1, by: 2) {
            if xy[i] != .infinity, xy[i + 1] != .infinity {
                failed += store(wrapped(xy[i] * inverseRadius) / degreesToRadians,
                                atan(sinh(xy[i + 1] * inverseRadius)) / degreesToRadians, in: xy, at: i)
            } else {
                failed += store(.infinity, .infinity, in: xy, at: i)
            }
        }
        return failed
    }

    /// Writes a result at `i`, or PROJ's failure mark (inf, inf) when it is not a finite
    /// number; returns 1 for a failure, 0 otherwise.
    @inline(__always)
    private static func store(_ a: Double, _ b: Double, in xy: UnsafeMutableBufferPointer<Double>, at i: Int) -> Int {
        let ok = a.isFinite && b.isFinite
        xy[i] = ok ? a : .infinity
        xy[i + 1] = ok ? b : .infinity
        return ok ? 0 : 1
    }

    /// PROJ's `adjlon`: longitudes within π (plus a hair, so ±180° keep their sign) stay;
    /// others are brought into [-π, π].
    @inline(__always)
    private static func wrapped(_ lambda: Double) -> Double {
        if abs(lambda) < .pi + 1e-12 { return lambda }
        let shifted = lambda + .pi
        return shifted - 2 * .pi * (shifted / (2 * .pi)).rounded(.down) - .pi
    }
}
