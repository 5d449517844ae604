import Geometry
import Projection
import Render

/// One map to draw: its size, CRS and extent. The extent comes from the style's camera
/// unless a bounding box or fitting to the data is asked for.
public struct MapRequest: Sendable {
    /// What part of the world the map shows.
    public enum Extent: Sendable {
        /// The style root's `center`, `zoom` and `bearing`.
        case styleCamera
        /// A camera given here: centre longitude/latitude, zoom, bearing.
        case camera(longitude: Double, latitude: Double, zoom: Double, bearing: Double)
        /// A longitude/latitude box, shown whole.
        case boundingBox(Box)
        /// All the style's data, with padding in CSS pixels.
        case fitData(padding: Double)
        /// A box in the map's CRS, shown whole with padding in CSS pixels.
        case mapBox(Box, padding: Double)
    }

    /// The map's width in CSS pixels.
    public var width: Double
    /// The map's height in CSS pixels.
    public var height: Double
    /// Device pixels per CSS pixel: 2 for a PNG twice as sharp; lines and text keep their size.
    public var pixelRatio: Double
    /// The map CRS; nil means the style's `cartouche:crs`, else Web Mercator. A `CRS` is
    /// checked by PROJ when it is made, so a request cannot hold one PROJ does not know.
    public var crs: CRS?
    /// The map's extent: the style's camera unless set.
    public var extent: Extent
    /// A PNG larger than this many device pixels is refused (see `ImageLimit`).
    public var maxPixels: Int = ImageLimit.defaultMaxPixels

    /// A request; every member can be set afterwards.
    public init(width: Double = 1024, height: Double = 768, pixelRatio: Double = 1, crs: CRS? = nil,
                extent: Extent = .styleCamera) {
        self.width = width
        self.height = height
        self.pixelRatio = pixelRatio
        self.crs = crs
        self.extent = extent
    }
}
