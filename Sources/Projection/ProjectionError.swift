/// What can go wrong with a CRS or a transformation, worded for the person who wrote it.
public enum ProjectionError: Error, Sendable, Equatable, CustomStringConvertible {
    /// PROJ cannot read the text as a CRS; `reason` is PROJ's own word on it.
    case unknownCRS(String, reason: String)
    /// PROJ knows both CRSs but has no operation between them (or cannot create it here).
    case noTransformation(from: String, to: String, reason: String)
    /// PROJ cannot compute projection factors (`ProjectionFactors`) there.
    case noFactors(crs: String, reason: String)

    /// The one line printed, naming the CRS as it was written (shortened when it is long WKT).
    public var description: String {
        switch self {
        case .unknownCRS(let text, let reason):
            "unknown CRS '\(CRSText.abbreviated(text))': \(reason)"
        case .noTransformation(let from, let to, let reason):
            "no transformation from \(from) to \(to): \(reason)"
        case .noFactors(let crs, let reason):
            "no projection factors for \(crs): \(reason)"
        }
    }
}
