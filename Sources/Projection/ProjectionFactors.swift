import CProj

/// PROJ's cartographic properties of a projected CRS at a longitude and latitude
/// (`proj_factors`): how much the projection stretches lengths and areas there, and how it
/// turns the meridian. Dimensionless scales are for the projection in metres, whatever the
/// CRS's unit; angles are in degrees.
public struct ProjectionFactors: Sendable, Equatable {
    /// Scale along the meridian (h).
    public let meridionalScale: Double
    /// Scale along the parallel (k).
    public let parallelScale: Double
    /// Scale of areas (s = h·k·sin θ′).
    public let arealScale: Double
    /// Largest change of an angle (ω), zero in conformal projections.
    public let angularDistortion: Double
    /// Angle between the images of the meridian and the parallel (θ′), 90 when conformal.
    public let meridianParallelAngle: Double
    /// Angle from true north clockwise to grid north (PROJ's α, the same sign as
    /// `PointScale.convergence`).
    public let meridianConvergence: Double
    /// The semi-major axis of Tissot's indicatrix (the largest scale factor at the point).
    public let tissotSemimajor: Double
    /// The semi-minor axis of Tissot's indicatrix (the smallest scale factor at the point).
    public let tissotSemiminor: Double

    /// The point scale factor: for conformal projections the scale in every direction
    /// (0.9996 on a UTM central meridian), otherwise the geometric mean √s.
    public var scaleFactor: Double { arealScale.squareRoot() }

    /// Fails for a CRS that is not projected (longitude/latitude has no map projection).
    public init(crs: CRS, longitude: Double, latitude: Double) throws(ProjectionError) {
        let state = ProjThreadState.current
        guard let pj = proj_create(state.context, crs.projDefinition) else {
            throw .unknownCRS(crs.definition, reason: state.errorMessage())
        }
        defer { proj_destroy(pj) }
        guard let projected = Self.eastingNorthingMetres(pj, context: state.context) else {
            throw .noFactors(crs: crs.description, reason: "it is not a projected CRS")
        }
        defer { proj_destroy(projected) }
        let radians = Double.pi / 180
        var lp = PJ_COORD()
        lp.lp = PJ_LP(lam: longitude * radians, phi: latitude * radians)
        proj_errno_reset(projected)
        let f = proj_factors(projected, lp)
        guard proj_errno(projected) == 0, f.meridional_scale > 0 else {
            throw .noFactors(crs: crs.description, reason: "(\(longitude), \(latitude)): \(state.errorMessage())")
        }
        meridionalScale = f.meridional_scale
        parallelScale = f.parallel_scale
        arealScale = f.areal_scale
        angularDistortion = f.angular_distortion / radians
        meridianParallelAngle = f.meridian_parallel_angle / radians
        meridianConvergence = f.meridian_convergence / radians
        tissotSemimajor = f.tissot_semimajor
        tissotSemiminor = f.tissot_semiminor
    }

    /// The CRS's projection on its own base CRS, with easting/northing axes in metres; nil
    /// if it has no projection. PROJ before 9.3 computes factors wrong for northing-first
    /// or non-metre CRSs, EPSG:4547 among them (OSGeo/PROJ#3824: h = 9.9e6); this form is
    /// right in every version. A CRS bound to WGS84 (+towgs84) is unwrapped first.
    private static func eastingNorthingMetres(_ pj: OpaquePointer, context: OpaquePointer) -> OpaquePointer? {
        var crs = pj
        var bound: OpaquePointer?
        defer { if let bound { proj_destroy(bound) } }
        if proj_get_type(pj) == PJ_TYPE_BOUND_CRS {
            guard let source = proj_get_source_crs(context, pj) else { return nil }
            bound = source
            crs = source
        }
        guard proj_get_type(crs) == PJ_TYPE_PROJECTED_CRS,
              let base = proj_get_source_crs(context, crs) else { return nil }
        defer { proj_destroy(base) }
        guard let conversion = proj_crs_get_coordoperation(context, crs) else { return nil }
        defer { proj_destroy(conversion) }
        guard let axes = proj_create_cartesian_2D_cs(context, PJ_CART2D_EASTING_NORTHING, "metre", 1) else { return nil }
        defer { proj_destroy(axes) }
        return proj_create_projected_crs(context, proj_get_name(crs), base, conversion, axes)
    }
}
