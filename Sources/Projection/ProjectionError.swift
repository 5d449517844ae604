/// What can go wrong with a CRS or a transformation, worded for the person who wrote it.
public enum ProjectionError: Error, Sendable, Equatable, CustomStringConvertible {
    case unknownCRS(String, reason: String)
    case noTransformation(from: String, to: String, reason: String)

    public var description: String {
        switch self {
        case .unknownCRS(let text, let reason):
            "unknown CRS '\(text)': \(reason)"
        case .noTransformation(let from, let to, let reason):
            "no transformation from \(from) to \(to): \(reason)"
        }
    }
}
