import Datasource
import Geometry
import JSON
import Projection
import Raster
import Render
import Style

/// A style with the data of its sources loaded: each source's features once, in the CRS
/// they were written in. Projected copies for a map CRS are made on request and kept, so a
/// batch of maps in one CRS projects each source once.
///
/// The first projection takes the loaded tables over and projects them in place rather
/// than copying them: coordinates are most of the memory a map needs, and after that the
/// originals are dead weight. A style that tests `within` keeps them, since `within` reads
/// longitude and latitude; a projection to a second CRS reads the sources again.
public final class MapData: @unchecked Sendable {
    /// The style, validated and compiled.
    public let style: Style
    /// The CRS of each GeoJSON source's coordinates, by source id: WGS84 unless the source's
    /// `cartouche:crs` says otherwise.
    public let sourceCRS: [String: CRS]
    /// The datasets of the style's `vector` sources, by source id, opened once and read
    /// per map by extent (`sources(for:projected:)`).
    public let datasets: [String: any VectorDatasource]
    /// Dataset features read and projected for earlier maps, reused by the maps whose boxes
    /// they cover (the pages of an atlas).
    let readCache = ProjectedReadCache()
    /// The `raster` and `raster-dem` sources, by source id, opened once and read per map.
    public let rasters: [String: RasterDataset]
    /// Things worth telling the user that did not stop the load, and what projecting the
    /// data into each CRS dropped. Read under the lock: a batch's threads project too.
    public var warnings: [String] { lock.locked { recordedWarnings } }
    private var recordedWarnings: [String]

    private let options: GeoJSONOptions
    /// Whether a GeoJSON source that cannot be read makes an empty source with a warning,
    /// as in MapLibre, rather than an error.
    private let lenientSources: Bool
    private let lock = Lock()
    /// Source tables in their own CRS, until a projection takes them over.
    private var loaded: [String: FeatureTable]?
    private var projected: [CRS: ProjectedData] = [:]

    /// Loads the sources of `style`. A GeoJSON source that cannot be read (a truncated file,
    /// JSON that is not GeoJSON) is an error naming the file and the place, since a map
    /// silently lacking a layer is a wrong map; with `lenientSources` it is an empty source
    /// and a warning, as in MapLibre. Features skipped inside a readable file are warnings
    /// either way.
    public init(style: Style, options: GeoJSONOptions = .init(), lenientSources: Bool = false,
                openDataset: DatasetOpener = Datasets.standard) throws {
        self.style = style
        self.options = options
        self.lenientSources = lenientSources
        datasets = try Self.openDatasets(of: style, with: openDataset)
        let (rasters, rasterProblems) = RasterSources.open(style)
        if !rasterProblems.isEmpty { throw StyleError(file: nil, diagnostics: rasterProblems) }
        self.rasters = rasters
        let (tables, crsByID, warnings) = try Self.loadSources(of: style, options: options, lenient: lenientSources)
        self.loaded = tables
        self.sourceCRS = crsByID
        recordedWarnings = style.warnings.map(\.description) + warnings
    }

    /// Source tables in their own CRS (read again if a projection has taken them over).
    public func tables() throws -> [String: FeatureTable] {
        try lock.locked { try loaded ?? Self.loadSources(of: style, options: options, lenient: lenientSources).tables }
    }

    /// Sources are independent: read on all cores.
    private static func loadSources(of style: Style, options: GeoJSONOptions, lenient: Bool) throws
        -> (tables: [String: FeatureTable], crs: [String: CRS], warnings: [String]) {
        let ids = style.sources.keys.filter { style.sources[$0]!.kind == .geojson }.sorted()
        let loaded = try Parallel.map(ids.count) { i in
            try Self.load(style.sources[ids[i]]!, baseDirectory: style.baseDirectory, options: options, lenient: lenient)
        }
        var tables: [String: FeatureTable] = [:]
        var crsByID: [String: CRS] = [:]
        var warnings: [String] = []
        for (id, source) in zip(ids, loaded) {
            tables[id] = source.table
            crsByID[id] = source.crs
            warnings += source.warnings
        }
        return (tables, crsByID, warnings)
    }

    /// Reads one source. Data that cannot be parsed is an error naming the file and place;
    /// `lenient` makes it an empty source with a warning, as in MapLibre, where the layers
    /// using it draw nothing. A file that is not there is an error either way.
    private static func load(_ source: Source, baseDirectory: String, options: GeoJSONOptions, lenient: Bool) throws
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
                if let warning = document.warning { warnings.append("\(resolved): \(warning)") }
            } catch let error as SourceError {
                guard lenient else { throw SourceDataError(source: id, message: "\(error)") }
                warnings.append("source \"\(id)\": \(error); the source is empty")
            }
        case .url, .tiles:
            throw SourceDataError(source: id, message: "a geojson source needs \"data\", not a url or tiles")
        case .inline(let json):
            do {
                let document = try GeoJSONReader.read(string: JSONWriter().string(json), options: options)
                table = document.table
                // Inline features skipped are as worth a warning as a file's.
                if let warning = document.warning { warnings.append("source \"\(id)\": inline data: \(warning)") }
            } catch {
                guard lenient else { throw SourceDataError(source: id, message: "inline data (/sources/\(id)/data): \(error.message)") }
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
    public convenience init(stylePath: String, options: GeoJSONOptions = .init(), lenientSources: Bool = false,
                            openDataset: DatasetOpener = Datasets.standard) throws {
        do {
            try self.init(style: StyleParser.load(path: stylePath, lenientSources: lenientSources), options: options,
                          lenientSources: lenientSources, openDataset: openDataset)
        } catch var error as StyleError where error.file == nil {
            // A dataset's problem is the style file's too: name it.
            error.file = stylePath
            throw error
        }
    }

    private static let cacheLock = Lock()
    nonisolated(unsafe) private static var cache: [String: MapData] = [:]

    /// A style and its data loaded once per process, by the path as given: the inset maps
    /// that every page of an atlas repeats. The cache never reloads: a style or data file
    /// changed while the process runs is seen only after `emptyCache()` (a long-running
    /// process that serves maps calls it when its files change). Threads asking for the
    /// same path while it loads wait for the one loading it, so nothing is loaded twice.
    public static func cached(stylePath: String) throws -> MapData {
        try cacheLock.locked {
            if let data = cache[stylePath] { return data }
            let data = try MapData(stylePath: stylePath)
            cache[stylePath] = data
            return data
        }
    }

    /// Forgets every style `cached(stylePath:)` loaded; the next call loads it again.
    public static func emptyCache() {
        cacheLock.locked { cache.removeAll() }
    }

    /// The sources projected into `crs` and indexed, made once per CRS. Threads asking for
    /// the same CRS wait for the one projecting it.
    public func projected(to crs: CRS) throws -> ProjectedData {
        try lock.locked {
            if let p = projected[crs] { return p }
            var tables = try loaded ?? Self.loadSources(of: style, options: options, lenient: lenientSources).tables
            let keepsGeographic = style.readsGeographicGeometry
            // Handed over, so that each table is the only reference to its coordinates and
            // is projected in place.
            loaded = keepsGeographic ? tables : nil
            let ids = tables.keys.sorted()
            let inputs = UnsafeSendableBox(ids.map { tables.removeValue(forKey: $0)! })
            let results = try Parallel.map(ids.count) { i -> (RenderSource, String?) in
                let id = ids[i]
                var table = inputs.take(i)
                let geographic = keepsGeographic && sourceCRS[id] == .wgs84 ? table : nil
                let report = table.transform(with: try Transformer(from: sourceCRS[id] ?? .wgs84, to: crs))
                let note = report.droppedFeatures.first.map {
                    "source \"\(id)\": \(report.droppedFeatures.count) feature(s) with \(report.failedPoints) point(s) that could not be projected to \(crs) were dropped (first: feature \($0))"
                }
                // `within` tests longitude/latitude: the table as loaded, for WGS84 sources.
                return (RenderSource(id: id, table: table, tolerance: style.sources[id]?.tolerance ?? 0.375,
                                     geographic: geographic), note)
            }
            let data = ProjectedData(crs: crs, sources: Dictionary(uniqueKeysWithValues: zip(ids, results.map(\.0))))
            projected[crs] = data
            recordedWarnings.append(contentsOf: results.compactMap(\.1))
            return data
        }
    }
}

/// The sources of a style in one map CRS, ready to render.
public struct ProjectedData: Sendable {
    /// The CRS the features are in.
    public let crs: CRS
    /// Every source's features in `crs`, by source id, with their spatial index.
    public let sources: [String: RenderSource]

    /// Bounding box of every feature of every source, in the map CRS.
    public var bounds: Box {
        sources.values.reduce(Box.empty) { $0.union($1.table.bounds) }
    }
}

/// A source whose data could not be used.
public struct SourceDataError: Error, Sendable, CustomStringConvertible {
    /// The source's id in the style.
    public var source: String
    /// What is wrong with its data.
    public var message: String
    /// The one line printed: `source "id": message`.
    public var description: String { "source \"\(source)\": \(message)" }
}

/// Values handed to parallel tasks, each taken by exactly one of them, so that the task
/// holds the only reference (Swift's copy-on-write then mutates in place).
private final class UnsafeSendableBox<T>: @unchecked Sendable {
    private let values: UnsafeMutableBufferPointer<T?>
    init(_ values: [T]) {
        self.values = .allocate(capacity: values.count)
        _ = self.values.initialize(from: values.map { $0 })
    }
    deinit {
        values.deinitialize()
        values.deallocate()
    }
    /// Each index is taken once, by one task: no two tasks touch the same element.
    func take(_ i: Int) -> T { values[i].take()! }
}
