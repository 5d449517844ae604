import Datasource
import Foundation
import Geometry

/// The last reads of one dataset, so that the neighbouring pages of an atlas, whose boxes
/// overlap, do not read the same features from disk again. The first read of a layer reads
/// exactly the box asked for (a single map pays for nothing more); from the second on, a
/// read covers the box grown by half its size on every side and is kept, and later boxes
/// inside it are answered from memory with the features whose boxes meet them. Entries are
/// dropped oldest first past `budget` bytes of coordinates and rows.
final class FeatureReadCache: @unchecked Sendable {
    private struct Entry {
        var layer: String
        var fields: Set<String>
        var box: Box
        var table: FeatureTable
        var bytes: Int
    }

    private let lock = Lock()
    private var entries: [Entry] = []
    private var readsByLayer: [String: Int] = [:]
    private var bytes = 0
    let budget: Int

    init(budget: Int = 96 << 20) { self.budget = budget }

    func read(layer: String, box: Box, fields: [String], load: (Box) throws -> DatasetFeatures) throws -> DatasetFeatures {
        let wanted = Set(fields)
        let (hit, earlier) = lock.locked { () -> (FeatureTable?, Int) in
            if let i = entries.lastIndex(where: { $0.layer == layer && $0.box.contains(box) && wanted.isSubset(of: $0.fields) }) {
                let entry = entries.remove(at: i)
                entries.append(entry)  // most recently used last
                return (entry.table, 0)
            }
            defer { readsByLayer[layer, default: 0] += 1 }
            return (nil, readsByLayer[layer, default: 0])
        }
        if let hit {
            return DatasetFeatures(table: hit.selecting((0..<hit.count).filter { hit.bounds(of: $0).intersects(box) }))
        }
        guard earlier > 0, box.width.isFinite, box.height.isFinite else { return try load(box) }
        let grown = box.expanded(by: box.width / 2, box.height / 2)
        let features = try load(grown)
        let table = features.table
        let size = 16 * table.pointCount + 64 * table.count
        if size <= budget / 2 {
            lock.locked {
                entries.append(Entry(layer: layer, fields: wanted, box: grown, table: table, bytes: size))
                bytes += size
                while bytes > budget, !entries.isEmpty { bytes -= entries.removeFirst().bytes }
            }
        }
        return DatasetFeatures(table: table.selecting((0..<table.count).filter { table.bounds(of: $0).intersects(box) }),
                               warnings: features.warnings)
    }
}
