import Geometry
import Style

/// A source's features ready for drawing: projected into the map CRS, indexed by bounding
/// box, and prepared for expression evaluation. Immutable, so one is shared by every
/// thread that renders maps in that CRS.
public final class RenderSource: Sendable {
    /// The style's source id (with the source layer, for a vector source's layer).
    public let id: String
    /// The features with their property columns mapped for the style's expressions.
    public let properties: FeatureProperties
    /// The features' bounding boxes in an R-tree, so that a map reads only what it shows.
    public let index: SpatialIndex

    /// Douglas–Peucker tolerance in CSS pixels (the source's `tolerance`, 0.375 by default
    /// as in MapLibre): detail finer than this is not drawn.
    public let tolerance: Double

    /// The features were cut from tiles, so lines come in pieces that meet end to end at
    /// tile edges and polygons in pieces that share them: they are drawn as MapLibre draws
    /// them, without a seam (`StrokePaint.piecewise`, `FillPaint.piecewise`).
    public let tiled: Bool

    /// The zoom of the tiles the features were cut from, when they were: MapLibre draws a
    /// symbol layer tile by tile (`TileDrawOrder`).
    public let tileZoom: Int?

    /// The features, in the map's CRS.
    public var table: FeatureTable { properties.table }

    /// `geographic` is the same table in longitude/latitude, for `["within", ...]`.
    public init(id: String, table: FeatureTable, tolerance: Double = 0.375, geographic: FeatureTable? = nil,
                tiled: Bool = false, tileZoom: Int? = nil) {
        self.id = id
        self.tolerance = tolerance
        self.tiled = tiled
        self.tileZoom = tileZoom
        properties = FeatureProperties(table, geographic: geographic)
        index = SpatialIndex(boxes: (0..<table.count).map { table.bounds(of: $0) })
    }

    /// Features whose bounding boxes touch `box`, in source order.
    public func features(in box: Box) -> [Int] { index.search(box) }
}
