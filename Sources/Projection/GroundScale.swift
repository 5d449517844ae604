#if canImport(Glibc)
import Glibc
#endif

/// MapLibre's zoom, and its meaning in any CRS.
///
/// In MapLibre the world is 512·2^zoom CSS pixels wide in Web Mercator, so one pixel covers
/// 2πR / (512·2^zoom) Mercator metres, or that times cos(latitude) metres on the ground
/// (R = 6378137 m, the sphere Web Mercator is defined on). Cartouche keeps that meaning in
/// every CRS: a zoom is a ground resolution at the map centre, and the map's units per pixel
/// follow from how many map units one ground metre spans there. Ground is measured on the
/// same sphere, so EPSG:3857 maps match MapLibre exactly and other CRSs show the same ground
/// at the same zoom. (Distances for a scale bar are ellipsoidal: see `PointScale`.)
public enum GroundScale {
    /// The radius in metres of the sphere Web Mercator and MapLibre's zoom are defined on.
    public static let earthRadius = 6378137.0
    /// The width in CSS pixels of the world at zoom 0, as in MapLibre (512, not the 256 of
    /// raster tile schemes).
    public static let tileSize = 512.0

    /// Ground metres per CSS pixel at `latitude` (degrees) for MapLibre `zoom`.
    public static func groundResolution(zoom: Double, latitude: Double) -> Double {
        2 * Double.pi * earthRadius * cos(latitude * .pi / 180) / (tileSize * pow(2, zoom))
    }

    /// The MapLibre zoom whose ground resolution at `latitude` is `metresPerPixel`.
    public static func zoom(groundResolution metresPerPixel: Double, latitude: Double) -> Double {
        log2(2 * Double.pi * earthRadius * cos(latitude * .pi / 180) / (tileSize * metresPerPixel))
    }

    /// Map units of `crs` per ground metre (on MapLibre's sphere) around (longitude,
    /// latitude): the geometric mean of the east–west and north–south scales, measured
    /// through PROJ. For EPSG:3857 this is 1/cos(latitude); for a metric transverse Mercator
    /// near its central meridian, about 1.
    public static func unitsPerGroundMetre(in crs: CRS, longitude: Double, latitude: Double) throws(ProjectionError) -> Double {
        let d = try LonLatDerivatives(Transformer(from: .wgs84, to: crs), longitude: longitude, latitude: latitude)
        let metresPerDegree = earthRadius * .pi / 180
        let east = d.alongParallel / (metresPerDegree * cos(latitude * .pi / 180))
        let north = d.alongMeridian / metresPerDegree
        return sqrt(east * north)
    }

    /// Map units per CSS pixel for MapLibre `zoom` in `crs` at the given centre.
    public static func unitsPerPixel(zoom: Double, in crs: CRS, longitude: Double, latitude: Double) throws(ProjectionError) -> Double {
        groundResolution(zoom: zoom, latitude: latitude) * (try unitsPerGroundMetre(in: crs, longitude: longitude, latitude: latitude))
    }

    /// The MapLibre zoom of a map of `crs` with `unitsPerPixel` at the given centre.
    public static func zoom(unitsPerPixel: Double, in crs: CRS, longitude: Double, latitude: Double) throws(ProjectionError) -> Double {
        let metres = unitsPerPixel / (try unitsPerGroundMetre(in: crs, longitude: longitude, latitude: latitude))
        return zoom(groundResolution: metres, latitude: latitude)
    }
}
