/// The feature properties something reads: a known set of names, or any of them (the
/// `properties` expression, a `get` with a computed key). Readers that can fetch only some
/// columns (a GeoPackage, a database) fetch these.
public enum PropertyNames: Sendable, Equatable {
    /// These properties only.
    case named(Set<String>)
    /// Any property: read them all.
    case any

    /// No property at all.
    public static let none = PropertyNames.named([])

    /// The properties either reads (any, when either reads any).
    public func union(_ other: PropertyNames) -> PropertyNames {
        guard case .named(let a) = self, case .named(let b) = other else { return .any }
        return .named(a.union(b))
    }

    /// The names, or nil for any.
    public var names: Set<String>? {
        if case .named(let n) = self { return n }
        return nil
    }
}

extension StyleExpression {
    /// The properties this expression and its children read.
    public var propertiesRead: PropertyNames {
        children.reduce(propertiesReadHere) { $0.union($1.propertiesRead) }
    }
}

extension Style {
    /// What the layers drawing from `source` (and, on a vector source, its layer
    /// `sourceLayer`) read of each feature: filters, layout and paint, and the source's own
    /// filter and `promoteId`.
    public func propertiesRead(source id: String, sourceLayer: String?) -> PropertyNames {
        var read = PropertyNames.none
        for layer in layers where layer.source == id && layer.sourceLayer == sourceLayer {
            if let filter = layer.filter { read = read.union(filter.propertiesRead) }
            for value in layer.layout.values.values { read = read.union(value.expression.propertiesRead) }
            for value in layer.paint.values.values { read = read.union(value.expression.propertiesRead) }
        }
        guard let source = sources[id] else { return read }
        if let filter = source.filter { read = read.union(filter.propertiesRead) }
        switch source.promoteID {
        case .string(let name)?: read = read.union(.named([name]))
        case .object(let byLayer)?:
            if let name = (sourceLayer.flatMap { byLayer[$0] } ?? byLayer.entries.first?.value)?.stringValue {
                read = read.union(.named([name]))
            }
        default: break
        }
        return read
    }
}
