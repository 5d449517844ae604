import Geometry
import JSON
import Page
import Projection
import Render
import Style

/// How an atlas is made: which features get a page, in what order, and how each page is
/// framed and named.
public struct AtlasOptions: Sendable {
    /// A source of the style, by id, or a GeoJSON file (WGS84).
    public var coverage: String
    /// A boolean expression (or legacy filter) a feature must pass to get a page.
    public var filter: JSONValue?
    /// The page order: a property name, or an expression evaluated per feature.
    public var sortBy: JSONValue?
    /// Pages in descending order of `sortBy` rather than ascending.
    public var descending = false
    /// The output path, with `{key}` placeholders for feature properties (and `{id}`).
    public var output: FileNameTemplate
    /// The map's width in CSS pixels, when no layout gives the frame's.
    public var width = JobsFile.defaultWidth
    /// The map's height in CSS pixels, when no layout gives the frame's.
    public var height = JobsFile.defaultHeight
    /// Device pixels per CSS pixel of PNG pages.
    public var pixelRatio = 1.0
    /// The CRS the pages are drawn in; nil for the style's `cartouche:crs`, else Web Mercator.
    public var crs: CRS?
    /// The path of a page layout each map is set on, recorded in every job.
    public var layout: String?
    /// Space kept around a feature, as a fraction of its size on each side.
    public var margin = 0.1
    /// The zoom of pages for points, and the closest any page zooms in (a small feature
    /// is not blown up).
    public var pointZoom = 15.0

    /// Options for pages of each feature of `coverage` written to `output`; everything else at
    /// its default.
    public init(coverage: String, output: FileNameTemplate) {
        self.coverage = coverage
        self.output = output
    }
}

/// One map per feature of a coverage layer: the extent fitted to the feature with a
/// margin (points at a fixed zoom), the feature's properties and id handed to the page
/// (`{name}` in the layout) and to the style (`["global-state", "atlas"]`).
public enum Atlas {
    /// The atlas's maps, in page order. `layout` sets the map frame's size when given.
    /// Features without geometry get no page; they are counted in `skipped`.
    public static func jobs(data: MapData, options: AtlasOptions, layout: PageLayout?) throws
        -> (jobs: [MapJob], skipped: Int) {
        let (table, sourceCRS) = try coverage(options.coverage, in: data)
        let filter = try options.filter.map { try compile($0, expected: .boolean, what: "filter", setting: .atlasFilter) }
        let sortKey = try options.sortBy.map {
            try compile($0.stringValue.map { ["get", .string($0)] } ?? $0, expected: nil, what: "sort key", setting: .atlasSortBy)
        }
        // After compiling, so that the expressions' property keys are mapped to columns.
        let properties = FeatureProperties(table)
        var rows = Array(0..<table.count)
        if let filter {
            rows = rows.filter { row in
                (try? filter.evaluate(EvaluationContext(feature: FeatureReference(properties, row: row))))?.boolValue ?? false
            }
        }
        if let expression = sortKey {
            let keys = rows.map { row in
                (try? expression.evaluate(EvaluationContext(feature: FeatureReference(properties, row: row)))) ?? .null
            }
            let order = rows.indices.sorted { a, b in
                let c = compare(keys[a], keys[b])
                if c == 0 { return a < b }
                return options.descending ? c > 0 : c < 0
            }
            rows = order.map { rows[$0] }
        }
        let mapCRS = try options.crs ?? data.style.crs.map { try CRS($0) } ?? .webMercator
        let toMap = try Transformer(from: sourceCRS, to: mapCRS)
        let frameWidth = layout?.mapFrame.width ?? options.width
        let frameHeight = layout?.mapFrame.height ?? options.height
        var pages: [(row: Int, extent: MapRequest.Extent, values: JSONObject)] = []
        for row in rows {
            guard let extent = try camera(table, row, toMap, mapCRS, width: frameWidth, height: frameHeight, options) else { continue }
            // The feature's id, else its property "id", as `MapJob.globalState` has it.
            var values = table.properties.object(row: row)
            if let id = table.ids[row] { values["id"] = json(id) }
            pages.append((row, extent, values))
        }
        let outputs = options.output.unique(pages.map(\.values))
        let jobs = try zip(pages, outputs).map { page, output in
            guard let format = OutputFormat(path: output) else {
                throw AtlasError("output name \(options.output.template): end it with .png, .svg or .pdf", setting: .atlasOutput)
            }
            var request = MapRequest(width: options.width, height: options.height, pixelRatio: options.pixelRatio, crs: options.crs)
            request.extent = page.extent
            return MapJob(output: output, format: format, request: request, layout: options.layout,
                          id: table.ids[page.row].map(json) ?? .null, properties: page.values)
        }
        return (jobs, rows.count - pages.count)
    }

    /// The coverage's features and their CRS: a source of the style, else a GeoJSON file.
    static func coverage(_ name: String, in data: MapData) throws -> (FeatureTable, CRS) {
        let tables = try data.tables()
        if let table = tables[name] { return (table, data.sourceCRS[name] ?? .wgs84) }
        guard name.lowercased().hasSuffix("json") || name.contains("/") else {
            throw AtlasError(setting: .atlasCoverage, "coverage \(name): not a source of the style (its sources: \(tables.keys.sorted().joined(separator: ", "))) nor a GeoJSON file")
        }
        return (try GeoJSONReader.read(path: name).table, .wgs84)
    }

    /// The camera that shows a feature whole with the margin around it, in the map CRS; a
    /// point, or a feature smaller than `pointZoom` shows, at `pointZoom`. Nil for a
    /// feature without geometry or that cannot be projected.
    static func camera(_ table: FeatureTable, _ row: Int, _ toMap: Transformer, _ crs: CRS,
                       width: Double, height: Double, _ options: AtlasOptions) throws -> MapRequest.Extent? {
        var box = Box.empty
        for point in table.pointRange(of: row) {
            if let p = toMap.transform(x: table.x(point), y: table.y(point)) { box.extend(x: p.x, y: p.y) }
        }
        guard !box.isEmpty else { return nil }
        let mx = box.width * options.margin, my = box.height * options.margin
        let padded = Box(minX: box.minX - mx, minY: box.minY - my, maxX: box.maxX + mx, maxY: box.maxY + my)
        let fitted = try MapFrame.fitting(padded, crs: crs, width: width, height: height)
        let zoom = padded.width > 0 || padded.height > 0 ? min(fitted.zoom, options.pointZoom) : options.pointZoom
        return .camera(longitude: fitted.centerLongitude, latitude: fitted.centerLatitude, zoom: zoom, bearing: 0)
    }

    static func compile(_ json: JSONValue, expected: ExpressionType?, what: String, setting: RelatedSetting) throws -> StyleExpression {
        let source = expected == .boolean && !LegacyFilter.isExpression(json) ? LegacyFilter.convert(json) : json
        do {
            return try ParsingContext.compile(source, expected: expected)
        } catch {
            throw AtlasError("\(what): \(error)", setting: setting)
        }
    }

    /// Sort order of keys: numbers, then strings, then booleans, then anything else; null last.
    static func compare(_ a: Value, _ b: Value) -> Int {
        func rank(_ v: Value) -> Int {
            switch v {
            case .number: 0
            case .string: 1
            case .bool: 2
            case .null: 4
            default: 3
            }
        }
        switch (a, b) {
        case (.number(let x), .number(let y)): return x < y ? -1 : x > y ? 1 : 0
        case (.string(let x), .string(let y)): return x < y ? -1 : x > y ? 1 : 0
        case (.bool(let x), .bool(let y)): return x == y ? 0 : x ? 1 : -1
        default: return rank(a) - rank(b)
        }
    }

    static func json(_ id: FeatureID) -> JSONValue {
        switch id {
        case .string(let s): .string(s)
        case .number(let n): .number(n)
        }
    }
}

/// An atlas that cannot be made as asked.
public struct AtlasError: Error, Sendable, CustomStringConvertible, SettingRelatedError {
    /// The message: the coverage or option at fault and why.
    public var description: String
    /// The atlas option that would get past the error.
    public var setting: RelatedSetting?
    /// An error with its message.
    public init(_ description: String, setting: RelatedSetting? = nil) {
        self.description = description
        self.setting = setting
    }
    init(setting: RelatedSetting, _ description: String) { self.init(description, setting: setting) }
}
