#if canImport(Glibc)
import Glibc
#endif

/// How map coordinates change with longitude and latitude at one point: the Jacobian of a
/// transformation from EPSG:4326, in map units per degree, by central differences.
///
/// Measured through the transformation itself, so it holds for every CRS PROJ knows (and
/// its units, feet or degrees included) without a formula per projection.
struct LonLatDerivatives {
    /// Degrees: about 11 m on the ground. The error of a central difference shrinks with
    /// the square of the step (about 1e-12 of the value here) while rounding in map
    /// coordinates of 10⁷ grows as the step shrinks (about 1e-11 here); 1e-5 would trade
    /// the first for ten times the second.
    static let step = 1e-4

    let xPerLongitude, yPerLongitude, xPerLatitude, yPerLatitude: Double

    init(_ transformer: Transformer, longitude: Double, latitude: Double) throws(ProjectionError) {
        let d = Self.step
        var xy = [longitude + d, latitude, longitude - d, latitude, longitude, latitude + d, longitude, latitude - d]
        let failed = xy.withUnsafeMutableBufferPointer { transformer.transform($0) }
        guard failed == 0 else {
            throw .noTransformation(from: transformer.source.description, to: transformer.target.description,
                                    reason: "(\(longitude), \(latitude)) is outside its area")
        }
        xPerLongitude = (xy[0] - xy[2]) / (2 * d)
        yPerLongitude = (xy[1] - xy[3]) / (2 * d)
        xPerLatitude = (xy[4] - xy[6]) / (2 * d)
        yPerLatitude = (xy[5] - xy[7]) / (2 * d)
    }

    /// Map units along a parallel, per degree of longitude.
    var alongParallel: Double { hypot(xPerLongitude, yPerLongitude) }
    /// Map units along a meridian, per degree of latitude.
    var alongMeridian: Double { hypot(xPerLatitude, yPerLatitude) }

    /// The longitude and latitude steps, in degrees, of one map unit along x and along y.
    func degreesPerUnit() -> (alongX: (lon: Double, lat: Double), alongY: (lon: Double, lat: Double)) {
        let det = xPerLongitude * yPerLatitude - xPerLatitude * yPerLongitude
        return ((yPerLatitude / det, -yPerLongitude / det), (-xPerLatitude / det, xPerLongitude / det))
    }
}
