import Geometry
import JSON
import Projection

/// A project to put on the map, as read from a spreadsheet or GeoJSON.
public struct Project: Sendable, Equatable {
    /// The number shown in its marker.
    public var number: String
    /// The project's name, written in the table.
    public var name: String
    /// The category, which colours its marker.
    public var category: String
    /// WGS84 longitude in degrees, whatever CRS the file was in.
    public var longitude: Double
    /// WGS84 latitude in degrees.
    public var latitude: Double
    /// Every column of its row, by column name.
    public var values: [String: String]
    /// Where it came from: a CSV line, or a GeoJSON feature index.
    public var line: Int
}

/// A row that could not be used, and why.
public struct ProjectProblem: Sendable, Equatable, CustomStringConvertible, SettingRelatedError {
    /// The file the row is in.
    public var file: String
    /// CSV line number (1-based), or GeoJSON feature index.
    public var line: Int
    /// What is wrong with the row.
    public var message: String
    /// Whether `line` is a GeoJSON feature index rather than a CSV line.
    public var isFeature: Bool
    /// The setting that would make the row usable (the coordinates' CRS), when there is one.
    public var setting: RelatedSetting? = nil

    /// The one line printed: `file:line: message`, or `file: feature N: message`.
    public var description: String {
        isFeature ? "\(file): feature \(line): \(message)" : "\(file):\(line): \(message)"
    }
}

/// Which columns hold what. Unset names are looked for among common spellings, in
/// English and Chinese.
public struct ProjectColumns: Sendable {
    /// The longitude (or x) column; nil looks for `lon`, `lng`, `经度`...
    public var longitude: String?
    /// The latitude (or y) column; nil looks for `lat`, `纬度`...
    public var latitude: String?
    /// The name column; nil looks for `name`, `名称`, `项目名称`...
    public var name: String?
    /// The category column; nil looks for `category`, `类别`, `类型`...
    public var category: String?
    /// The number column; nil looks for `number`, `编号`, `序号`..., else numbers rows in order.
    public var number: String?

    /// Columns given by name; those left nil are looked for.
    public init(longitude: String? = nil, latitude: String? = nil, name: String? = nil, category: String? = nil, number: String? = nil) {
        self.longitude = longitude
        self.latitude = latitude
        self.name = name
        self.category = category
        self.number = number
    }

    static let longitudeNames = ["lon", "lng", "long", "longitude", "x", "easting", "经度", "东经", "x坐标"]
    static let latitudeNames = ["lat", "latitude", "y", "northing", "纬度", "北纬", "y坐标"]
    static let nameNames = ["name", "project", "title", "名称", "项目名称", "项目", "名字"]
    static let categoryNames = ["category", "type", "kind", "class", "类别", "类型", "分类"]
    static let numberNames = ["number", "no", "no.", "num", "编号", "序号"]
}

/// Reads the projects of `cartouche annotate` from a spreadsheet (CSV) or GeoJSON.
public enum ProjectReader {
    /// Reads projects from a CSV or GeoJSON file. A CSV file's encoding is found
    /// (`TextEncoding.automatic`: UTF-8, UTF-16 with a byte order mark, else GB18030, said
    /// in one `notice`) unless `encoding` names it. Coordinates are longitude/latitude
    /// unless `crs` says what they are (x/y in a projected CRS, or GCJ-02/BD-09). Rows without usable coordinates, or outside `mapCRS`'s area, are
    /// returned as problems; with `strict` the first one is an error instead.
    public static func read(path: String, columns: ProjectColumns = ProjectColumns(), crs: CRS? = nil, mapCRS: CRS,
                            strict: Bool = false, encoding: TextEncoding = .automatic,
                            notice: (String) -> Void = { _ in }) throws -> (projects: [Project], problems: [ProjectProblem]) {
        let lower = path.lowercased()
        var records: [(line: Int, isFeature: Bool, values: [String: String], coordinates: (Double, Double)?)] = []
        var columnNames: [String] = []
        if lower.hasSuffix(".geojson") || lower.hasSuffix(".json") {
            let table = try GeoJSONReader.read(path: path).table
            columnNames = table.properties.keys
            for f in 0..<table.count {
                var values: [String: String] = [:]
                for key in table.properties.keys {
                    if let v = table.properties.value(key, row: f), v != .null { values[key] = v.stringValue ?? JSONWriter().string(v) }
                }
                let points = table.pointRange(of: f)
                let xy = table.geometryTypes[f].flatMap { t in
                    (t == .point || t == .multiPoint) && !points.isEmpty ? (table.x(points.lowerBound), table.y(points.lowerBound)) : nil
                }
                records.append((f, true, values, xy))
            }
        } else {
            let csv = try CSVReader.read(path: path, encoding: encoding)
            if let guessed = csv.guessedEncoding {
                notice("\(path): not UTF-8; read as \(guessed) (GBK), as Excel saves CSV on Chinese Windows; name the encoding if it is another")
            }
            columnNames = csv.header
            for row in csv.rows {
                var values: [String: String] = [:]
                for (c, name) in csv.header.enumerated() where c < row.fields.count { values[name] = row.fields[c].trimmingSpaces() }
                records.append((row.line, false, values, nil))
            }
        }
        func pick(_ given: String?, _ names: [String], _ what: String) throws -> String? {
            if let given {
                guard columnNames.contains(given) else {
                    throw ProjectInputError(file: path, "no column \"\(given)\" for \(what); the columns are \(columnNames.joined(separator: ", "))")
                }
                return given
            }
            return columnNames.first { names.contains($0.lowercased()) }
        }
        let geojson = records.first?.isFeature ?? false
        let lonColumn = geojson ? nil : try pick(columns.longitude, ProjectColumns.longitudeNames, "longitude or x")
        let latColumn = geojson ? nil : try pick(columns.latitude, ProjectColumns.latitudeNames, "latitude or y")
        if !geojson && !records.isEmpty && (lonColumn == nil || latColumn == nil) {
            throw ProjectInputError(file: path, "no coordinate columns; name the longitude and latitude columns (the columns are \(columnNames.joined(separator: ", ")))",
                                    setting: .coordinateColumns)
        }
        let nameColumn = try pick(columns.name, ProjectColumns.nameNames, "names")
        let categoryColumn = try pick(columns.category, ProjectColumns.categoryNames, "categories")
        let numberColumn = try pick(columns.number, ProjectColumns.numberNames, "numbers")
        let toLonLat = try crs.map { try Transformer(from: .wgs84, to: $0) }
        let toMap = try Transformer(from: .wgs84, to: mapCRS)
        var projects: [Project] = []
        var problems: [ProjectProblem] = []
        for record in records {
            func problem(_ message: String, setting: RelatedSetting? = nil) throws {
                let p = ProjectProblem(file: path, line: record.line, message: message, isFeature: record.isFeature, setting: setting)
                if strict { throw ProjectInputError(p) }
                problems.append(p)
            }
            var xy = record.coordinates
            if !record.isFeature, let lonColumn, let latColumn {
                let xText = record.values[lonColumn] ?? "", yText = record.values[latColumn] ?? ""
                if xText.isEmpty || yText.isEmpty {
                    try problem("missing \(xText.isEmpty ? lonColumn : latColumn)")
                    continue
                }
                // Swift's Double() reads "nan" and "inf"; neither is a coordinate.
                guard let x = Double(xText), x.isFinite else {
                    try problem("\(lonColumn) is not a number: \"\(xText)\"")
                    continue
                }
                guard let y = Double(yText), y.isFinite else {
                    try problem("\(latColumn) is not a number: \"\(yText)\"")
                    continue
                }
                xy = (x, y)
            }
            guard var (lon, lat) = xy else {
                try problem("no point geometry")
                continue
            }
            if let toLonLat {
                guard let ll = toLonLat.inverse(x: lon, y: lat) else {
                    try problem("(\(lon), \(lat)) cannot be converted from \(crs!) to longitude/latitude")
                    continue
                }
                (lon, lat) = (ll.x, ll.y)
            }
            guard (-180...180).contains(lon), (-90...90).contains(lat) else {
                if crs == nil && (-180...180).contains(lat) && (-90...90).contains(lon) {
                    try problem("(\(lon), \(lat)) is not a longitude/latitude; are the longitude and latitude columns swapped?")
                    continue
                }
                try problem("(\(lon), \(lat)) is not a longitude/latitude; name the CRS of projected coordinates", setting: .inputCRS)
                continue
            }
            if let area = mapCRS.areaOfUse, !area.expanded(by: 1e-9).contains(x: lon, y: lat) {
                try problem("(\(lon), \(lat)) is outside the area of \(mapCRS)")
                continue
            }
            guard toMap.transform(x: lon, y: lat) != nil else {
                try problem("(\(lon), \(lat)) cannot be projected to \(mapCRS)")
                continue
            }
            let number = numberColumn.flatMap { record.values[$0] }.flatMap { $0.isEmpty ? nil : $0 } ?? String(projects.count + 1)
            projects.append(Project(number: number, name: nameColumn.flatMap { record.values[$0] } ?? "",
                                    category: categoryColumn.flatMap { record.values[$0] } ?? "", longitude: lon, latitude: lat,
                                    values: record.values, line: record.line))
        }
        return (projects, problems)
    }
}

/// Project input that cannot be used at all.
/// The file (when the input is one), the place in it (a CSV line, or a GeoJSON feature), the
/// reason, and the setting that would get past it.
public struct ProjectInputError: Error, Sendable, CustomStringConvertible, SettingRelatedError {
    /// The projects file, when the input is one.
    public var file: String?
    /// "12" for a CSV line, "feature 3" for a GeoJSON feature.
    public var place: String?
    /// What is wrong, in one clause.
    public var reason: String
    /// The setting that would get past the error (the coordinates' CRS, the encoding).
    public var setting: RelatedSetting?

    /// An error with its message.
    public init(file: String? = nil, place: String? = nil, _ reason: String, setting: RelatedSetting? = nil) {
        self.file = file
        self.place = place
        self.reason = reason
        self.setting = setting
    }

    /// A row's problem, as an error (strict reading).
    public init(_ problem: ProjectProblem) {
        self.init(file: problem.file, place: problem.isFeature ? "feature \(problem.line)" : "\(problem.line)", problem.message,
                  setting: problem.setting)
    }

    /// The message, naming the file and what is wrong.
    public var description: String {
        switch (file, place) {
        case (let file?, let place?): place.hasPrefix("feature") ? "\(file): \(place): \(reason)" : "\(file):\(place): \(reason)"
        case (let file?, nil): "\(file): \(reason)"
        default: reason
        }
    }
}

extension String {
    func trimmingSpaces() -> String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s.removeFirst() }
        while let l = s.last, l.isWhitespace { s.removeLast() }
        return String(s)
    }
}
