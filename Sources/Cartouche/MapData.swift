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
        var tables: [String: FeatureTable] = [:]
        var crsByID: [String: CRS] = [:]
        var warnings = style.warnings.map(\.description)
        for (id, source) in style.sources.sorted(by: { $0.key < $1.key }) {
            let document: GeoJSONDocument
            switch source.data {
            case .file(let path):
                let resolved = path.hasPrefix("/") ? path : "\(style.baseDirectory)/\(path)"
                document = try GeoJSONReader.read(path: resolved, options: options)
                if !document.skipped.isEmpty {
                    warnings.append("\(resolved): skipped \(document.skipped.count) feature(s) with invalid geometry; first: \(document.skipped[0])")
                }
            case .inline(let json):
                do {
                    document = try GeoJSONReader.read(string: JSONWriter().string(json), options: options)
                } catch {
                    throw SourceDataError(source: id, message: "inline data: \(error.message)")
                }
            }
            tables[id] = document.table
            do {
                crsByID[id] = try source.crs.map { try CRS($0) } ?? .wgs84
            } catch {
                throw SourceDataError(source: id, message: "metadata \"cartouche:crs\": \(error)")
            }
        }
        self.tables = tables
        self.sourceCRS = crsByID
        self.warnings = warnings
    }

    /// Loads a style file and its data.
    public convenience init(stylePath: String, options: GeoJSONOptions = .init()) throws {
        try self.init(style: StyleParser.load(path: stylePath), options: options)
    }

    /// The sources projected into `crs` and indexed, made once per CRS.
    public func projected(to crs: CRS) throws -> ProjectedData {
        if let p = lock.locked({ projected[crs] }) { return p }
        var sources: [String: RenderSource] = [:]
        var notes: [String] = []
        for (id, table) in tables.sorted(by: { $0.key < $1.key }) {
            var t = table
            let transformer = try Transformer(from: sourceCRS[id] ?? .wgs84, to: crs)
            let report = t.transform(with: transformer)
            if let first = report.droppedFeatures.first {
                notes.append("source \"\(id)\": \(report.droppedFeatures.count) feature(s) with \(report.failedPoints) point(s) that could not be projected to \(crs) were dropped (first: feature \(first))")
            }
            sources[id] = RenderSource(id: id, table: t)
        }
        let data = ProjectedData(crs: crs, sources: sources)
        lock.locked {
            projected[crs] = data
            warnings.append(contentsOf: notes)
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
