#if canImport(Glibc)
import Glibc
#endif
import Datasource
import JSON
import Page
import Raster
import Style

/// What `--resume` compares to decide that a map on disk is still the map the batch would
/// make: a SHA-256 over the program version, the style file's bytes, the size and
/// modification time of each data file the style reads, each dataset's fingerprint (file
/// sizes and times, or a database's identity without its password), each raster source's
/// file or archive (size and time), the bytes of each page layout and
/// of the inset styles it names, and the map's own parameters (`MapJob.parameters`).
/// Data files are not read whole: a changed file gets a new modification time.
public struct InputFingerprint: Sendable {
    /// The hash of the inputs every map shares.
    public let shared: String

    /// Hashes the inputs the maps share; throws when the style, a data file or a layout cannot
    /// be read. `version` is the program's, so that a new program makes every map again.
    public init(stylePath: String, style: Style, datasets: [String: any VectorDatasource] = [:],
                rasters: [String: RasterDataset] = [:], layouts: [String: PageLayout], version: String) throws {
        var h = Checksum()
        h.update("cartouche \(version)\n")
        h.update(try Self.contents(stylePath))
        for id in style.sources.keys.sorted() {
            guard case .file(let path)? = style.sources[id]?.data else { continue }
            let resolved = path.hasPrefix("/") ? path : "\(style.baseDirectory)/\(path)"
            h.update("\nsource \(id) \(resolved) \(Self.sizeAndTime(resolved))")
        }
        for (id, dataset) in datasets.sorted(by: { $0.key < $1.key }) {
            h.update("\ndataset \(id) \(dataset.fingerprint)")
        }
        for (id, raster) in rasters.sorted(by: { $0.key < $1.key }) {
            h.update("\nraster \(id) \(raster.inputFingerprint)")
        }
        for (path, layout) in layouts.sorted(by: { $0.key < $1.key }) {
            h.update("\nlayout \(path)\n")
            h.update(try Self.contents(path))
            for case .inset(let inset) in layout.elements {
                h.update("\ninset \(inset.style)\n")
                h.update(try Self.contents(inset.style))
            }
        }
        shared = h.hexDigest()
    }

    /// The input hash of one map written to a file of its own.
    public func hash(for job: MapJob) -> String {
        var h = Checksum()
        h.update(shared)
        h.update(JSONWriter().string(job.parameters))
        return h.hexDigest()
    }

    /// The input hash of a document made of several maps (a multi-page PDF), in page order.
    public func hash(forPages jobs: [MapJob], output: String) -> String {
        var h = Checksum()
        h.update(shared)
        h.update("document \(output)")
        for job in jobs { h.update(JSONWriter().string(job.parameters)) }
        return h.hexDigest()
    }

    static func contents(_ path: String) throws -> [UInt8] {
        let file = try MappedFile(path: path)
        return withExtendedLifetime(file) { Array(file.bytes) }
    }

    /// "size mtime" of a file, or "missing".
    static func sizeAndTime(_ path: String) -> String {
        var info = stat()
        guard stat(path, &info) == 0 else { return "missing" }
        return "\(info.st_size) \(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec)"
    }
}

extension RasterDataset {
    /// What `--resume` hashes for a raster source: the file or archive it reads, by size
    /// and modification time; for tile templates, the template.
    var inputFingerprint: String {
        func tiles(_ source: any TileBytesSource) -> String {
            if let archive = source as? ArchiveTileBytes { return archive.archive.fingerprint }
            return source.name
        }
        switch self {
        case .file(let raster): return "\(raster.path) \(InputFingerprint.sizeAndTime(raster.path))"
        case .tiles(let raster): return tiles(raster.tiles)
        case .demTiles(let dem): return tiles(dem.raster.tiles)
        }
    }
}
