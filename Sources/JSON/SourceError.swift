/// A problem at a place in a text file: `roads.geojson:120:17: expected ']' or ',' in
/// coordinates, found '}'`.
///
/// `file` is filled in by whoever knows the path; the parsers know only the bytes.
public struct SourceError: Error, Sendable, Equatable, CustomStringConvertible, SettingRelatedError {
    /// The file the text came from; nil until someone who knows the path fills it in.
    public var file: String?
    /// The line, from 1.
    public var line: Int
    /// The column, from 1, counted in characters (not bytes), as editors count.
    public var column: Int
    /// What was expected and what was found.
    public var message: String
    /// The setting that would read the file (its text encoding, say), when there is one.
    public var setting: RelatedSetting?

    /// A problem at `line`:`column` of `file`.
    public init(file: String? = nil, line: Int, column: Int, message: String, setting: RelatedSetting? = nil) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
        self.setting = setting
    }

    /// The same error, naming `path` as its file.
    public func inFile(_ path: String) -> SourceError {
        var copy = self
        copy.file = path
        return copy
    }

    /// The one line printed, as compilers print it: `file:line:column: message` ("<input>" when
    /// the file is not known).
    public var description: String {
        "\(file ?? "<input>"):\(line):\(column): \(message)"
    }
}

/// Line and column (both 1-based, the column counted in characters) of a byte offset.
public func lineAndColumn(of offset: Int, in bytes: UnsafeRawBufferPointer) -> (line: Int, column: Int) {
    var locator = LineLocator(bytes: bytes)
    return locator.location(of: offset)
}

/// Line and column of byte offsets met in increasing order, each found by counting on from
/// the previous one: a reader that reports thousands of problems in a large file does not
/// rescan the file from its start for each.
public struct LineLocator {
    private let bytes: UnsafeRawBufferPointer
    private var offset = 0
    private var line = 1
    private var column = 1

    /// A locator for `bytes`, starting at line 1, column 1.
    public init(bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    /// The line and column of byte offset `target`; faster when offsets come in increasing order.
    public mutating func location(of target: Int) -> (line: Int, column: Int) {
        if target < offset { self = LineLocator(bytes: bytes) }
        let end = min(target, bytes.count)
        while offset < end {
            let byte = bytes[offset]
            if byte == UInt8(ascii: "\n") {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
            offset += 1
        }
        return (line, column)
    }
}
