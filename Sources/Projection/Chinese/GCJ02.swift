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
        // The ten sines of the published formula from five: each multiple angle comes from
        // one the formula also needs (2a: 2·sin·cos; 3a: sin·(3 − 4·sin²)), which halves
        // the cost of an evaluation, and the inverse makes three. Rounding stays near 1e-14 m.
        let px = x * Double.pi, py = y * Double.pi
        let sx = sin(px), cx = cos(px)
        let s2x = 2 * sx * cx
        let s6x = s2x * (3 - 4 * s2x * s2x)
        let sx12 = sin(px / 12), cx12 = cos(px / 12)
        let sx3 = 4 * sx12 * cx12 * (1 - 2 * sx12 * sx12)
        let sy12 = sin(py / 12), cy12 = cos(py / 12)
        let sy3 = 4 * sy12 * cy12 * (1 - 2 * sy12 * sy12)
        let sy = sy3 * (3 - 4 * sy3 * sy3)
        // Terms both components share, then each one's own; "metres" of arc.
        let common = (20 * s6x + 20 * s2x) * 2 / 3
        var north = -100 + 2 * x + 3 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * abs(x).squareRoot() + common
        north += (20 * sy + 40 * sy3) * 2 / 3
        north += (160 * sy12 + 320 * sin(py / 30)) * 2 / 3
        var east = 300 + x + 2 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * abs(x).squareRoot() + common
        east += (20 * sx + 40 * sx3) * 2 / 3
        east += (150 * sx12 + 300 * sin(px / 30)) * 2 / 3
        // Arc lengths → degrees: meridian and parallel radii of curvature on Krasovsky's
        // ellipsoid at the WGS84 latitude (the mix of ellipsoids is the published formula's).
        let phi = latitude / degreesPerRadian
        let s = sin(phi)
        let w2 = 1 - eccentricitySquared * s * s
        let w = w2.squareRoot()
        let meridianRadius = semiMajorAxis * (1 - eccentricitySquared) / (w2 * w)
        // cos φ from sin φ: the latitude is inside the box, so the cosine is positive.
        let parallelRadius = semiMajorAxis / w * (1 - s * s).squareRoot()
        return (east / parallelRadius * degreesPerRadian, north / meridianRadius * degreesPerRadian)
    }

    @inline(__always)
    static func fromWGS84(longitude: Double, latitude: Double) -> (x: Double, y: Double) {
        let d = offset(longitude: longitude, latitude: latitude)
        return (longitude + d.dLon, latitude + d.dLat)
    }

    /// A correction smaller than this (about 1 cm) ends the inverse's iteration. Each step
    /// shrinks the error by the offset's slope, at most about 1/150 (metres of offset per
    /// metre moved; steeper only within metres of 105°E, where a square-root term is), so the last correction leaves less than 0.1 mm.
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
