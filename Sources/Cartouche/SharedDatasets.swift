import Datasource
import Geometry
import GDALSource
import Style

/// Datasets open in this process, by what opened them, so that sources naming the same file
/// (a style that gives each layer a source of its own, all with `data.gpkg`) share one
/// dataset: one open, one pool of handles, one cache of recent reads. Held weakly: a
/// dataset closes when the last `MapData` using it goes; a changed file (size or time) is
/// opened again.
final class SharedDatasets: @unchecked Sendable {
    static let gdal = SharedDatasets()

    private struct Key: Hashable {
        var path: String, crs: String?, encoding: String?, fingerprint: String
    }
    private final class Weak { weak var dataset: GDALVectorDataset?; init(_ d: GDALVectorDataset) { dataset = d } }

    private let lock = Lock()
    private var open: [Key: Weak] = [:]

    func dataset(for source: Source, url: String, baseDirectory: String) throws -> GDALVectorDataset {
        let path = Source.resolvedPath(url, baseDirectory: baseDirectory)
        let key = Key(path: path, crs: source.crs, encoding: source.metadata["cartouche:encoding"]?.stringValue,
                      fingerprint: GDALVectorDataset.fingerprint(of: path))
        // Opening under the lock: two threads asking for one file open it once.
        return try lock.locked {
            if let d = open[key]?.dataset { return d }
            let d = try GDALVectorDataset(source: source, url: url, baseDirectory: baseDirectory)
            open = open.filter { $0.value.dataset != nil }
            open[key] = Weak(d)
            return d
        }
    }
}
