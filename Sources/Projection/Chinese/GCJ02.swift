#if canImport(Glibc)
import Glibc
#endif

/// GCJ-02, the coordinates of Chinese web maps (Amap/高德, Tencent, Google and Apple in
/// China): WGS84 longitude/latitude moved by an offset of 100–700 m that the Chinese
/// surveying regulations require of published maps. The offset is a published polynomial
/// with sine terms, in metres of arc on the Krasovsky 1940 ellipsoid, of the position
/// relative to 105°E 35°N; outside a box around China it is zero.
///
/// The real encoder adds pseudo-random noise of a few metres; every public implementation
/// (and every file converted with one) leaves it out, and so does this.
enum GCJ02 {
    /// Krasovsky 1940: semi-major axis and first eccentricity squared.
    static let semiMajorAxis = 6378245.0
    static let eccentricitySquared = 0.00669342162296594323
    private static let degreesPerRadian = 180 / Double.pi

    /// The box outside which the offset is zero (open at its edges, as published).
    @inline(__always)
    static func isInChina(longitude: Double, latitude: Double) -> Bool {
        longitude > 73.66 && longitude < 135.05 && latitude > 3.86 && latitude < 53.55
    }

    /// The offset in degrees (longitude, latitude) to add to a WGS84 position.
    @inline(__always)
    static func offset(longitude: Double, latitude: Double) -> (dLon: Double, dLat: Double) {
        guard isInChina(longitude: longitude, latitude: latitude) else { return (0, 0) }
        let x = longitude - 105, y = latitude - 35
        let pi = Double.pi
        // Terms both components share, then each one's own; "metres" of arc.
        let common = (20 * sin(6 * x * pi) + 20 * sin(2 * x * pi)) * 2 / 3
        var north = -100 + 2 * x + 3 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * abs(x).squareRoot() + common
        north += (20 * sin(y * pi) + 40 * sin(y / 3 * pi)) * 2 / 3
        north += (160 * sin(y / 12 * pi) + 320 * sin(y * pi / 30)) * 2 / 3
        var east = 300 + x + 2 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * abs(x).squareRoot() + common
        east += (20 * sin(x * pi) + 40 * sin(x / 3 * pi)) * 2 / 3
        east += (150 * sin(x / 12 * pi) + 300 * sin(x / 30 * pi)) * 2 / 3
        // Arc lengths → degrees: meridian and parallel radii of curvature on Krasovsky's
        // ellipsoid at the WGS84 latitude (the mix of ellipsoids is the published formula's).
        let phi = latitude / degreesPerRadian
        let s = sin(phi)
        let w2 = 1 - eccentricitySquared * s * s
        let w = w2.squareRoot()
        let meridianRadius = semiMajorAxis * (1 - eccentricitySquared) / (w2 * w)
        let parallelRadius = semiMajorAxis / w * cos(phi)
        return (east / parallelRadius * degreesPerRadian, north / meridianRadius * degreesPerRadian)
    }

    @inline(__always)
    static func fromWGS84(longitude: Double, latitude: Double) -> (x: Double, y: Double) {
        let d = offset(longitude: longitude, latitude: latitude)
        return (longitude + d.dLon, latitude + d.dLat)
    }

    /// A correction smaller than this (about 1 cm) ends the inverse's iteration. Each step
    /// shrinks the error by the offset's slope, under 1/200 (metres of offset per metre
    /// moved), so the last correction leaves less than 0.1 mm.
    static let inverseTolerance = 1e-7

    /// The WGS84 position whose GCJ-02 position is (x, y): fixed-point iteration from the
    /// position minus the offset there, typically three evaluations of the offset.
    @inline(__always)
    static func toWGS84(x: Double, y: Double) -> (longitude: Double, latitude: Double) {
        var lon = x, lat = y
        for _ in 0..<12 {
            let g = fromWGS84(longitude: lon, latitude: lat)
            let ex = g.x - x, ey = g.y - y
            lon -= ex
            lat -= ey
            if abs(ex) < inverseTolerance && abs(ey) < inverseTolerance { break }
        }
        return (lon, lat)
    }
}
