#if canImport(Glibc)
import Glibc
#endif

/// An ellipsoid of revolution, for ground lengths of small steps in longitude and latitude.
struct Ellipsoid {
    let semiMajorAxis: Double
    let flattening: Double

    static let wgs84 = Ellipsoid(semiMajorAxis: 6378137, flattening: 1 / 298.257223563)

    /// Metres per degree east (along the parallel) and north (along the meridian) at
    /// `latitude`: the radii of curvature N·cos φ and M, times π/180.
    func metresPerDegree(latitude: Double) -> (east: Double, north: Double) {
        let e2 = flattening * (2 - flattening)
        let phi = latitude * .pi / 180
        let w = 1 - e2 * sin(phi) * sin(phi)
        let n = semiMajorAxis / w.squareRoot()
        let m = semiMajorAxis * (1 - e2) / (w * w.squareRoot())
        return (n * cos(phi) * .pi / 180, m * .pi / 180)
    }
}
