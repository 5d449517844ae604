/// A raster that cannot be used: the file (or tile set) and what is wrong with it.
public struct RasterError: Error, Sendable, CustomStringConvertible {
    /// The raster file or tile set, as the style names it.
    public var file: String
    /// What is wrong with it.
    public var message: String

    /// An error about `file`.
    public init(_ file: String, _ message: String) {
        self.file = file
        self.message = message
    }

    /// The one line printed: `file: message`.
    public var description: String { "\(file): \(message)" }
}
