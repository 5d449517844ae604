/// A problem at a place in a text file: `roads.geojson:120:17: expected ']' or ',' in
/// coordinates, found '}'`.
///
/// `file` is filled in by whoever knows the path; the parsers know only the bytes.
public struct SourceError: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String?
    public var line: Int
    public var column: Int
    public var message: String

    public init(file: String? = nil, line: Int, column: Int, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    public func inFile(_ path: String) -> SourceError {
        var copy = self
        copy.file = path
        return copy
    }

    public var description: String {
        "\(file ?? "<input>"):\(line):\(column): \(message)"
    }
}

/// Line and column (both 1-based, the column counted in characters) of a byte offset.
public func lineAndColumn(of offset: Int, in bytes: UnsafeRawBufferPointer) -> (line: Int, column: Int) {
    var line = 1
    var column = 1
    var i = 0
    let end = min(offset, bytes.count)
    while i < end {
        let byte = bytes[i]
        if byte == UInt8(ascii: "\n") {
            line += 1
            column = 1
        } else if byte & 0xC0 != 0x80 {
            column += 1  // count the first byte of each UTF-8 sequence only
        }
        i += 1
    }
    return (line, column)
}
