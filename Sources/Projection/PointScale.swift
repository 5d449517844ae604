#if canImport(Glibc)
import Glibc
#endif

/// A map's scale and orientation at one point: what a scale bar and a north arrow drawn
/// there need.
///
/// Lengths are on the WGS84 ellipsoid (true ground distances, unlike the sphere that
/// defines MapLibre's zoom in `GroundScale`); both quantities are measured through the
/// transformation from EPSG:4326, so they hold in any CRS and unit PROJ knows, geographic
/// ones included.
public struct PointScale: Sendable, Equatable {
    /// The longitude of the point where the scale was measured, in degrees.
    public let longitude: Double
    /// The latitude of the point where the scale was measured, in degrees.
    public let latitude: Double
    /// Ground metres spanned by one map unit along the map's x axis, and along its y axis.
    /// The two are equal in conformal projections (transverse Mercator, Lambert conformal
    /// conic); they differ in Web Mercator on the ellipsoid (by 0.45% at 33°N) and in
    /// geographic CRSs (by cos latitude).
    public let groundMetresPerUnitX: Double
    /// Ground metres spanned by one map unit along the map's y axis (see `groundMetresPerUnitX`).
    public let groundMetresPerUnitY: Double
    /// Grid convergence in degrees: the angle from true north clockwise to grid north (the
    /// map's +y axis). Positive east of a transverse Mercator's central meridian in the
    /// northern hemisphere, zero in Web Mercator and geographic CRSs. PROJ's
    /// `meridian_convergence` (`ProjectionFactors.meridianConvergence`) has the same sign.
    public let convergence: Double

    /// At a point of a map in `crs`, given in map units.
    public init(crs: CRS, x: Double, y: Double) throws(ProjectionError) {
        let t = try Transformer(from: .wgs84, to: crs)
        guard let p = t.inverse(x: x, y: y) else {
            throw .noTransformation(from: crs.description, to: "EPSG:4326", reason: "(\(x), \(y)) is outside the CRS's area")
        }
        try self.init(t, longitude: p.x, latitude: p.y)
    }

    /// At a longitude and latitude of a map in `crs`.
    public init(crs: CRS, longitude: Double, latitude: Double) throws(ProjectionError) {
        try self.init(Transformer(from: .wgs84, to: crs), longitude: longitude, latitude: latitude)
    }

    private init(_ t: Transformer, longitude: Double, latitude: Double) throws(ProjectionError) {
        self.longitude = longitude
        self.latitude = latitude
        let d = try LonLatDerivatives(t, longitude: longitude, latitude: latitude)
        let e = Ellipsoid.wgs84.metresPerDegree(latitude: latitude)
        let step = d.degreesPerUnit()
        groundMetresPerUnitX = hypot(step.alongX.lon * e.east, step.alongX.lat * e.north)
        groundMetresPerUnitY = hypot(step.alongY.lon * e.east, step.alongY.lat * e.north)
        // True north is the image of the meridian, at atan2(∂x/∂φ, ∂y/∂φ) clockwise from
        // grid north; grid north is that much the other way from true north.
        convergence = atan2(-d.xPerLatitude, d.yPerLatitude) * 180 / .pi
    }

    /// Ground metres per CSS pixel here on a map with `unitsPerPixel`: the geometric mean of
    /// the x and y scales (a horizontal scale bar on an unrotated map is exact with
    /// `groundMetresPerUnitX` instead).
    public func groundResolution(unitsPerPixel: Double) -> Double {
        unitsPerPixel * (groundMetresPerUnitX * groundMetresPerUnitY).squareRoot()
    }

    /// How far to turn a north arrow, in degrees clockwise from the image's up direction, on
    /// a map turned by `bearing` (as in `MapFrame` and MapLibre: the direction, clockwise from
    /// grid north, that points up): true north lies at −convergence on the grid, and the
    /// whole grid is turned by −bearing on the image.
    public func northArrowRotation(bearing: Double) -> Double {
        -(convergence + bearing)
    }
}
