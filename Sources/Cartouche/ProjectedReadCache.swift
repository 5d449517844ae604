import Datasource
import Geometry
import Projection

/// Features of dataset layers as read and projected for earlier maps of a batch or atlas,
/// so that neighbouring pages, whose boxes overlap, neither read the same features again
/// nor project them again (together 14% of a GeoPackage atlas page before this cache).
///
/// Only for datasets whose reads may be reused (`VectorDatasource.readsMayBeReused`: files,
/// not databases). The first read of a layer in a CRS reads exactly the box asked for (a
/// single map pays for nothing more); from the second on, a read covers the box grown by
/// half its size on every side, is projected once and kept, and later boxes inside it are
/// answered from memory with the features whose boxes (in the layer's CRS, as the dataset's
/// spatial filter tests them) meet them, in the order the dataset gave them. A batch may
/// also `preload` the union of its pages' boxes (`MapData.prefetch`). Entries are dropped
/// least recently used first past `budget` bytes of coordinates and rows.
final class ProjectedReadCache: @unchecked Sendable {
    /// A read for one map: what the dataset is asked, and into which CRS it is projected.
    struct Read {
        var dataset: any VectorDatasource
        var query: FeatureQuery
        var toMap: Transformer
        var mapCRS: CRS
    }

    /// Features of one layer over `box`, projected; `boxes[i]` is feature i's box in the
    /// layer's CRS. `dropped` are the boxes of features that could not be projected.
    private struct Entry {
        var dataset: ObjectIdentifier
        var layer: String
        var crs: CRS
        var properties: Set<String>?
        var box: Box
        var table: FeatureTable
        var boxes: [Box]
        var dropped: [Box]
        var bytes: Int

        func covers(_ read: Read) -> Bool {
            dataset == ObjectIdentifier(read.dataset) && layer == read.query.layer && crs == read.mapCRS
                && box.contains(read.query.box)
                && (properties == nil || read.query.properties.map { $0.isSubset(of: properties!) } == true)
        }
    }

    private struct LayerKey: Hashable {
        var dataset: ObjectIdentifier, layer: String, crs: CRS
    }

    private let lock = Lock()
    private var entries: [Entry] = []
    private var readsByLayer: [LayerKey: Int] = [:]
    private var bytes = 0
    let budget: Int

    init(budget: Int = 96 << 20) { self.budget = budget }

    /// What a read gives: the features meeting the query's box, projected, the dataset's
    /// warnings, and the number of features dropped because they could not be projected.
    struct Result {
        var table: FeatureTable
        var warnings: [String]
        var dropped: Int
        /// The report of the projection when it was made for this map alone.
        var report: TransformReport?
    }

    /// The features of `read`, from memory when an earlier read covers its box. `load`
    /// reads the dataset (several layers of one map may come in one call to it).
    func features(_ read: Read, load: (FeatureQuery) throws -> DatasetFeatures) throws -> Result {
        let key = LayerKey(dataset: ObjectIdentifier(read.dataset), layer: read.query.layer, crs: read.mapCRS)
        let (hit, earlier) = lock.locked { () -> (Entry?, Int) in
            if let i = entries.lastIndex(where: { $0.covers(read) }) {
                let entry = entries.remove(at: i)
                entries.append(entry)  // most recently used last
                return (entry, 0)
            }
            defer { readsByLayer[key, default: 0] += 1 }
            return (nil, readsByLayer[key, default: 0])
        }
        if let hit { return Self.select(hit, read.query.box, warnings: []) }
        let box = read.query.box
        guard earlier > 0, box.width.isFinite, box.height.isFinite else {
            var features = try load(read.query)
            let report = features.table.transform(with: read.toMap)
            return Result(table: features.table, warnings: features.warnings, dropped: report.droppedFeatures.count, report: report)
        }
        var grown = read.query
        grown.box = box.expanded(by: box.width / 2, box.height / 2)
        let (entry, warnings) = try keep(read, grown, load: load)
        return Self.select(entry, box, warnings: warnings)
    }

    /// Reads `read`'s layer over `query.box` (the union of a batch's pages) and keeps it, so
    /// that every page inside is answered from memory; a read too large to keep is dropped.
    func preload(_ read: Read, load: (FeatureQuery) throws -> DatasetFeatures) throws {
        let key = LayerKey(dataset: ObjectIdentifier(read.dataset), layer: read.query.layer, crs: read.mapCRS)
        lock.locked { readsByLayer[key, default: 0] += 1 }
        _ = try keep(read, read.query, load: load)
    }

    /// Reads `query`, projects it and keeps it when it fits the budget.
    private func keep(_ read: Read, _ query: FeatureQuery, load: (FeatureQuery) throws -> DatasetFeatures) throws -> (Entry, [String]) {
        let key = LayerKey(dataset: ObjectIdentifier(read.dataset), layer: read.query.layer, crs: read.mapCRS)
        let features = try load(query)
        var table = features.table
        var boxes = (0..<table.count).map { table.bounds(of: $0) }
        let report = table.transform(with: read.toMap)
        var dropped: [Box] = []
        if !report.droppedFeatures.isEmpty {
            let gone = Set(report.droppedFeatures)
            dropped = report.droppedFeatures.map { boxes[$0] }
            boxes = boxes.indices.filter { !gone.contains($0) }.map { boxes[$0] }
        }
        let entry = Entry(dataset: key.dataset, layer: key.layer, crs: key.crs, properties: read.query.properties,
                          box: query.box, table: table, boxes: boxes, dropped: dropped,
                          bytes: Self.bytes(of: table))
        if entry.bytes <= budget / 2 {
            lock.locked {
                entries.append(entry)
                bytes += entry.bytes
                while bytes > budget, !entries.isEmpty { bytes -= entries.removeFirst().bytes }
            }
        }
        return (entry, features.warnings)
    }

    /// What a table costs the budget: its coordinates, and per feature its rows and boxes.
    static func bytes(of table: FeatureTable) -> Int { 16 * table.pointCount + 96 * table.count }

    private static func select(_ entry: Entry, _ box: Box, warnings: [String]) -> Result {
        let rows = entry.boxes.indices.filter { entry.boxes[$0].intersects(box) }
        let table = rows.count == entry.table.count ? entry.table : entry.table.selecting(rows)
        return Result(table: table, warnings: warnings, dropped: entry.dropped.count { $0.intersects(box) }, report: nil)
    }
}
