/// A raster that cannot be used: the file (or tile set) and what is wrong with it.
public struct RasterError: Error, Sendable, CustomStringConvertible {
    public var file: String
    public var message: String

    public init(_ file: String, _ message: String) {
        self.file = file
        self.message = message
    }

    public var description: String { "\(file): \(message)" }
}
