import Geometry
import JSON
import Projection
import Render
import Style

/// A style with the data of its sources loaded: each source's features once, in the CRS
/// they were written in. Projected copies for a map CRS are made on request and kept, so a
/// batch of maps in one CRS projects each source once.
public final class MapData: @unchecked Sendable {
    public let style: Style
    /// Source tables in their own CRS.
    public let tables: [String: FeatureTable]
    public let sourceCRS: [String: CRS]
    /// Things worth telling the user that did not stop the load.
    public private(set) var warnings: [String]

    private let lock = Lock()
    private var projected: [CRS: ProjectedData] = [:]

    public init(style: Style, options: GeoJSONOptions = .init()) throws {
        self.style = style
        // Sources are independent: read them on all cores.
        let ids = style.sources.keys.sorted()
        let loaded = try Parallel.map(ids.count) { i in
            try Self.load(style.sources[ids[i]]!, baseDirectory: style.baseDirectory, options: options)
        }
        var tables: [String: FeatureTable] = [:]
        var crsByID: [String: CRS] = [:]
        var warnings = style.warnings.map(\.description)
        for (id, source) in zip(ids, loaded) {
            tables[id] = source.table
            crsByID[id] = source.crs
            warnings += source.warnings
        }
        self.tables = tables
        self.sourceCRS = crsByID
        self.warnings = warnings
    }

    /// Reads one source. Data that cannot be parsed makes an empty source with a warning, as
    /// in MapLibre, where the layers using it draw nothing; a file that is not there is an
    /// error.
    private static func load(_ source: Source, baseDirectory: String, options: GeoJSONOptions) throws
        -> (table: FeatureTable, crs: CRS, warnings: [String]) {
        var table = FeatureTable()
        var warnings: [String] = []
        let id = source.id
        switch source.data {
        case .file(let path):
            let resolved = path.hasPrefix("/") ? path : "\(baseDirectory)/\(path)"
            do {
                let document = try GeoJSONReader.read(path: resolved, options: options)
                table = document.table
                if let first = document.skipped.first {
                    warnings.append("\(resolved): skipped \(document.skipped.count) feature(s) with invalid geometry; first: \(first)")
                }
            } catch let error as SourceError {
                warnings.append("source \"\(id)\": \(error); the source is empty")
            }
        case .inline(let json):
            do {
                table = try GeoJSONReader.read(string: JSONWriter().string(json), options: options).table
            } catch {
                warnings.append("source \"\(id)\": inline data: \(error.message); the source is empty")
            }
        }
        // The source's filter, promoteId and generateId shape the features layers see.
        table = source.features(of: table)
        let crs: CRS
        do {
            crs = try source.crs.map { try CRS($0) } ?? .wgs84
        } catch {
            throw SourceDataError(source: id, message: "metadata \"cartouche:crs\": \(error)")
        }
        return (table, crs, warnings)
    }

    /// Loads a style file and its data.
    public convenience init(stylePath: String, options: GeoJSONOptions = .init()) throws {
        try self.init(style: StyleParser.load(path: stylePath), options: options)
    }

    private static let cacheLock = Lock()
    nonisolated(unsafe) private static var cache: [String: MapData] = [:]

    /// A style and its data loaded once per process (inset maps repeated on every page of
    /// an atlas).
    public static func cached(stylePath: String) throws -> MapData {
        if let data = cacheLock.locked({ cache[stylePath] }) { return data }
        let data = try MapData(stylePath: stylePath)
        cacheLock.locked { cache[stylePath] = data }
        return data
    }

    /// The sources projected into `crs` and indexed, made once per CRS.
    public func projected(to crs: CRS) throws -> ProjectedData {
        if let p = lock.locked({ projected[crs] }) { return p }
        let ids = tables.keys.sorted()
        let results = try Parallel.map(ids.count) { i -> (RenderSource, String?) in
            let id = ids[i]
            var table = tables[id]!
            let report = table.transform(with: try Transformer(from: sourceCRS[id] ?? .wgs84, to: crs))
            let note = report.droppedFeatures.first.map {
                "source \"\(id)\": \(report.droppedFeatures.count) feature(s) with \(report.failedPoints) point(s) that could not be projected to \(crs) were dropped (first: feature \($0))"
            }
            // `within` tests longitude/latitude: the table as loaded, for WGS84 sources.
            let geographic = sourceCRS[id] == .wgs84 ? tables[id] : nil
            return (RenderSource(id: id, table: table, tolerance: style.sources[id]?.tolerance ?? 0.375,
                                 geographic: geographic), note)
        }
        let data = ProjectedData(crs: crs, sources: Dictionary(uniqueKeysWithValues: zip(ids, results.map(\.0))))
        lock.locked {
            projected[crs] = data
            warnings.append(contentsOf: results.compactMap(\.1))
        }
        return data
    }
}

/// The sources of a style in one map CRS, ready to render.
public struct ProjectedData: Sendable {
    public let crs: CRS
    public let sources: [String: RenderSource]

    /// Bounding box of every feature of every source, in the map CRS.
    public var bounds: Box {
        sources.values.reduce(Box.empty) { $0.union($1.table.bounds) }
    }
}

/// A source whose data could not be used.
public struct SourceDataError: Error, Sendable, CustomStringConvertible {
    public var source: String
    public var message: String
    public var description: String { "source \"\(source)\": \(message)" }
}
