import Geometry
import Style

/// A source's features ready for drawing: projected into the map CRS, indexed by bounding
/// box, and prepared for expression evaluation. Immutable, so one is shared by every
/// thread that renders maps in that CRS.
public final class RenderSource: Sendable {
    public let id: String
    public let properties: FeatureProperties
    public let index: SpatialIndex

    public var table: FeatureTable { properties.table }

    public init(id: String, table: FeatureTable) {
        self.id = id
        properties = FeatureProperties(table)
        index = SpatialIndex(boxes: (0..<table.count).map { table.bounds(of: $0) })
    }

    /// Features whose bounding boxes touch `box`, in source order.
    public func features(in box: Box) -> [Int] { index.search(box) }
}
