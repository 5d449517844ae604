import JSON

/// A CSV file read into rows of fields (RFC 4180): fields separated by commas, quoted with
/// double quotes when they hold commas, quotes (doubled) or line breaks; lines ending in LF
/// or CRLF; a UTF-8 byte order mark ignored. Each row remembers the line it starts on, so
/// problems with a row can name it. Files in other encodings (GBK/GB18030 as Excel saves
/// CSV in China, UTF-16, Big5) are made UTF-8 first (`TextEncoding`); lines and columns
/// (counted in characters) are the same in both.
public struct CSVTable: Sendable {
    /// The first row's fields: the column names.
    public var header: [String]
    /// The rows after the header; blank lines are left out.
    public var rows: [CSVRow]
    /// The encoding read when it was not UTF-8 and was not named but guessed (GB18030),
    /// for a notice.
    public var guessedEncoding: String?
}

/// One row of a CSV file, with the line it starts on.
public struct CSVRow: Sendable {
    /// 1-based line number where the row starts.
    public var line: Int
    /// The fields, unquoted, in column order.
    public var fields: [String]
}

/// Reads CSV files, with line:column errors for a quote left open or a row too long.
public enum CSVReader {
    /// Rows longer than this are refused: a file that is not CSV at all.
    public static let maxFieldsPerRow = 10_000

    /// Reads a CSV file, memory-mapped; errors name the file.
    public static func read(path: String, encoding: TextEncoding = .automatic) throws -> CSVTable {
        let file = try MappedFile(path: path)
        do {
            return try read(bytes: file.bytes, encoding: encoding)
        } catch {
            throw error.inFile(path)
        }
    }

    /// Reads CSV held in a string (UTF-8 already).
    public static func read(string: String) throws(SourceError) -> CSVTable {
        try withUnsafeBytes(of: Array(string.utf8)) { (bytes) throws(SourceError) in try read(bytes: bytes) }
    }

    /// Reads CSV from bytes in `encoding`; bytes that are not text in it are an error naming the
    /// line and column, with advice on `--encoding`.
    public static func read(bytes: UnsafeRawBufferPointer, encoding: TextEncoding = .automatic) throws(SourceError) -> CSVTable {
        let decoded = try TextDecoder.decode(bytes, encoding)
        guard let utf8 = decoded.utf8 else {
            // UTF-8, or nothing else either: the parser says where the bad bytes are.
            guard encoding == .automatic else { return try parse(bytes: bytes, invalidUTF8Advice: "save the file as UTF-8 CSV") }
            let advice = "it is not GB18030 (GBK) either; name the file's encoding (\(TextEncoding.usualNames)) or save it as UTF-8 CSV"
            do {
                return try parse(bytes: bytes, invalidUTF8Advice: advice)
            } catch {
                var named = error
                named.setting = .textEncoding
                throw named
            }
        }
        let parsed = utf8.withUnsafeBytes { b in
            Result { () throws(SourceError) in try parse(bytes: b, invalidUTF8Advice: "save the file as UTF-8 CSV") }
        }
        var table = try parsed.get()
        table.guessedEncoding = decoded.guessed
        return table
    }

    private static func parse(bytes: UnsafeRawBufferPointer, invalidUTF8Advice: String) throws(SourceError) -> CSVTable {
        var i = 0
        if bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF { i = 3 }
        var line = 1
        var rows: [CSVRow] = []
        var fields: [String] = []
        var field: [UInt8] = []
        var rowLine = 1
        var quoted = false
        // Set by a closing quote: only a comma or a line break may follow it.
        var closedQuote = false
        var quoteLine = 0, quoteColumn = 0
        var fieldStart = i
        func error(_ message: String, line: Int, at offset: Int) -> SourceError {
            let (_, column) = lineAndColumn(of: offset, in: bytes)
            return SourceError(line: line, column: column, message: message)
        }
        func finishField(at offset: Int) throws(SourceError) {
            guard let text = String(validating: field, as: UTF8.self) else {
                // The field's start: a quoted field may span lines, and its line is known.
                let (line, column) = lineAndColumn(of: fieldStart, in: bytes)
                throw SourceError(line: line, column: column,
                                  message: "invalid UTF-8 in field \(fields.count + 1); \(invalidUTF8Advice)")
            }
            fields.append(text)
            field.removeAll(keepingCapacity: true)
            closedQuote = false
            fieldStart = offset + 1
            if fields.count > maxFieldsPerRow {
                throw error("more than \(maxFieldsPerRow) fields in a row", line: rowLine, at: offset)
            }
        }
        func finishRow(at offset: Int) throws(SourceError) {
            try finishField(at: offset)
            // A blank line is not a row.
            if !(fields.count == 1 && fields[0].isEmpty) { rows.append(CSVRow(line: rowLine, fields: fields)) }
            fields.removeAll(keepingCapacity: true)
        }
        while i < bytes.count {
            let b = bytes[i]
            if closedQuote && b != UInt8(ascii: ",") && b != UInt8(ascii: "\n") && b != UInt8(ascii: "\r") {
                let shown = b < 0x80 ? "'\(Character(Unicode.Scalar(b)))'" : "byte 0x\(String(b, radix: 16, uppercase: true))"
                throw error("expected ',' or a line break after a closing quote, found \(shown)", line: line, at: i)
            }
            if quoted {
                if b == UInt8(ascii: "\"") {
                    if i + 1 < bytes.count && bytes[i + 1] == UInt8(ascii: "\"") {
                        field.append(b)
                        i += 2
                        continue
                    }
                    quoted = false
                    closedQuote = true
                } else {
                    if b == UInt8(ascii: "\n") { line += 1 }
                    field.append(b)
                }
                i += 1
                continue
            }
            switch b {
            case UInt8(ascii: ","):
                try finishField(at: i)
            case UInt8(ascii: "\r") where i + 1 < bytes.count && bytes[i + 1] == UInt8(ascii: "\n"):
                break
            case UInt8(ascii: "\n"):
                try finishRow(at: i)
                line += 1
                rowLine = line
            case UInt8(ascii: "\""):
                if field.allSatisfy({ $0 == 0x20 }) {
                    field.removeAll()
                    quoted = true
                    quoteLine = line
                    quoteColumn = i
                } else {
                    throw error("a quote inside an unquoted field; quote the whole field and double the quote", line: line, at: i)
                }
            default:
                field.append(b)
            }
            i += 1
        }
        if quoted { throw error("unterminated quoted field", line: quoteLine, at: quoteColumn) }
        if !field.isEmpty || !fields.isEmpty { try finishRow(at: i) }
        guard let header = rows.first else { throw SourceError(line: 1, column: 1, message: "empty file; expected a header row") }
        return CSVTable(header: header.fields.map { $0.trimmingCSVSpaces() }, rows: Array(rows.dropFirst()), guessedEncoding: nil)
    }
}

extension String {
    /// Without the spaces and tabs around a CSV header name (only those: RFC 4180 fields
    /// keep everything else).
    fileprivate func trimmingCSVSpaces() -> String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" { s.removeLast() }
        return String(s)
    }
}
