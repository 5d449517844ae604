import JSON
import Geometry
import Projection

/// `cartouche convert-coords`: coordinates from one CRS to another, for a person who wants
/// to fix a table once (GCJ-02 picked on Amap to WGS84, say) rather than on every map.
public struct CoordinateConversion: Sendable {
    /// The transformation from the input CRS to the output CRS.
    public let transformer: Transformer
    /// Decimals written: 8 for degrees (about 1 mm), 3 for metres.
    public let decimals: Int

    /// A conversion between two CRSs; throws when PROJ has no transformation between them.
    public init(from source: CRS, to target: CRS) throws {
        transformer = try Transformer(from: source, to: target)
        decimals = target.isGeographic ? 8 : 3
    }

    /// "x,y" → "x,y" in the target CRS; nil if `text` is not two numbers.
    public func convert(pair text: String) throws -> String? {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false).map { String($0).trimmingSpaces() }
        guard parts.count == 2, let x = Double(parts[0]), let y = Double(parts[1]), x.isFinite, y.isFinite else { return nil }
        guard let p = transformer.transform(x: x, y: y) else {
            throw ProjectInputError("(\(parts[0]), \(parts[1])) cannot be converted from \(transformer.source) to \(transformer.target)")
        }
        return "\(format(p.x)),\(format(p.y))"
    }

    /// The CSV file with its coordinate columns converted, every other field as it was, in
    /// UTF-8. A row whose coordinates are not numbers or cannot be converted stops it, with
    /// its line: the table is meant to come out whole.
    public func convert(csvAt path: String, columns: ProjectColumns = ProjectColumns(), encoding: TextEncoding = .automatic,
                        notice: (String) -> Void = { _ in }) throws -> String {
        let csv = try CSVReader.read(path: path, encoding: encoding)
        if let guessed = csv.guessedEncoding { notice("\(path): not UTF-8; read as \(guessed) (GBK); the output is UTF-8") }
        func column(_ given: String?, _ names: [String], _ what: String) throws -> Int {
            if let given {
                guard let i = csv.header.firstIndex(of: given) else {
                    throw ProjectInputError(file: path, "no column \"\(given)\" for \(what); the columns are \(csv.header.joined(separator: ", "))")
                }
                return i
            }
            guard let i = csv.header.firstIndex(where: { names.contains($0.lowercased()) }) else {
                throw ProjectInputError(file: path, "no \(what) column; name the longitude and latitude columns (the columns are \(csv.header.joined(separator: ", ")))",
                                        setting: .coordinateColumns)
            }
            return i
        }
        let xColumn = try column(columns.longitude, ProjectColumns.longitudeNames, "longitude or x")
        let yColumn = try column(columns.latitude, ProjectColumns.latitudeNames, "latitude or y")
        // All rows in one call, as a layer is transformed.
        var xy: [Double] = []
        xy.reserveCapacity(2 * csv.rows.count)
        for row in csv.rows {
            func number(_ c: Int) throws -> Double {
                let text = c < row.fields.count ? row.fields[c].trimmingSpaces() : ""
                guard let v = Double(text), v.isFinite else {
                    throw ProjectInputError(file: path, place: "\(row.line)", "\(csv.header[c]) is not a number: \"\(text)\"")
                }
                return v
            }
            xy += [try number(xColumn), try number(yColumn)]
        }
        xy.withUnsafeMutableBufferPointer { _ = transformer.transform($0) }
        var lines = [csv.header.map(Self.quoted).joined(separator: ",")]
        for (r, row) in csv.rows.enumerated() {
            guard xy[2 * r].isFinite else {
                throw ProjectInputError(file: path, place: "\(row.line)",
                                        "(\(row.fields[xColumn]), \(row.fields[yColumn])) cannot be converted from \(transformer.source) to \(transformer.target)")
            }
            var fields = row.fields
            while fields.count <= max(xColumn, yColumn) { fields.append("") }
            fields[xColumn] = format(xy[2 * r])
            fields[yColumn] = format(xy[2 * r + 1])
            lines.append(fields.map(Self.quoted).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Fixed to `decimals` places without trailing zeros: 114.0259330 → "114.025933".
    func format(_ v: Double) -> String {
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let scaled = (abs(v) * scale).rounded()
        guard scaled < 9e18 else { return "\(v)" }
        let units = UInt64(scaled), whole = units / UInt64(scale), fraction = units % UInt64(scale)
        var digits = String(fraction)
        digits = String(repeating: "0", count: decimals - digits.count) + digits
        while digits.hasSuffix("0") { digits.removeLast() }
        let sign = v < 0 && units != 0 ? "-" : ""
        return sign + String(whole) + (digits.isEmpty ? "" : "." + digits)
    }

    /// RFC 4180: quoted when it holds a comma, a quote or a line break.
    static func quoted(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        return "\"" + field.split(separator: "\"", omittingEmptySubsequences: false).joined(separator: "\"\"") + "\""
    }
}
