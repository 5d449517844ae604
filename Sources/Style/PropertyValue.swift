import JSON

/// A layout or paint property of a layer, compiled: a constant or an expression, with the
/// spec that says how to read it.
public struct PropertyValue: Sendable {
    /// What the style specification says of the property: its type, default and limits.
    public let spec: PropertySpec
    /// The compiled value: a `Literal` for a constant.
    public let expression: StyleExpression
    /// The JSON the style wrote, for tools that show the style back (legends).
    public let json: JSONValue

    /// A property value compiled from `json` under `spec`.
    public init(spec: PropertySpec, expression: StyleExpression, json: JSONValue) {
        self.spec = spec
        self.expression = expression
        self.json = json
    }

    /// The constant value, if the property does not depend on zoom or feature.
    public var constant: Value? { (expression as? Literal)?.value }

    /// Whether the value is the same for every feature, so it can be evaluated once per layer.
    public var isFeatureConstant: Bool { expression.isFeatureConstant }
    /// Whether the value is the same at every zoom.
    public var isZoomConstant: Bool { expression.isZoomConstant }

    /// The value for a feature; nil when evaluation fails or gives null, NaN or a string that
    /// is not one of an enum's values (the property then takes its default, as in MapLibre).
    @inline(__always)
    public func evaluate(_ ctx: EvaluationContext) -> Value? {
        if let literal = expression as? Literal { return literal.value }
        guard let v = try? expression.evaluate(ctx) else { return nil }
        switch v {
        case .null: return nil
        case .number(let n) where n.isNaN: return nil
        case .string(let s):
            if case .enumeration(let allowed) = spec.kind, !allowed.contains(s) { return nil }
            return v
        default: return v
        }
    }
}

/// The properties a layer sets, by name, with the spec's defaults for the rest.
public struct PropertyValues: Sendable {
    /// The properties the layer sets, by name.
    public private(set) var values: [String: PropertyValue] = [:]
    let specs: [String: PropertySpec]
    /// The spec's defaults as values, converted once (colours parsed) rather than per feature.
    private let defaults: [String: Value]

    init(specs: [String: PropertySpec]) {
        self.specs = specs
        var defaults: [String: Value] = [:]
        for (name, spec) in specs {
            guard let json = spec.defaultValue else { continue }
            if case .color = spec.kind, case .string(let s) = json {
                if let c = Color(css: s) { defaults[name] = .color(c) }
            } else {
                defaults[name] = Value(json)
            }
        }
        self.defaults = defaults
    }

    mutating func set(_ name: String, _ value: PropertyValue) { values[name] = value }

    mutating func remove(_ name: String) { values[name] = nil }

    /// The value the layer sets for a property, nil when it takes the default.
    public subscript(name: String) -> PropertyValue? { values[name] }

    /// The default of a property the layer does not set.
    public func defaultValue(_ name: String) -> Value? { defaults[name] }

    /// A property's value for a feature: the layer's, else the spec's default.
    public func value(_ name: String, _ ctx: EvaluationContext) -> Value? {
        values[name]?.evaluate(ctx) ?? defaultValue(name)
    }

    /// A number property; an expression that yields NaN gives the default, as MapLibre's
    /// `StyleExpression.evaluate` does.
    public func number(_ name: String, _ ctx: EvaluationContext) -> Double {
        if let v = value(name, ctx)?.numberValue, !v.isNaN { return v }
        return defaults[name]?.numberValue ?? 0
    }

    /// A colour property's value; nil when neither the layer nor the spec gives a colour.
    public func color(_ name: String, _ ctx: EvaluationContext) -> Color? {
        value(name, ctx)?.colorValue
    }

    /// A string or enum property's value.
    public func string(_ name: String, _ ctx: EvaluationContext) -> String? {
        value(name, ctx)?.stringValue
    }

    /// A boolean property's value; false when none is given.
    public func bool(_ name: String, _ ctx: EvaluationContext) -> Bool {
        value(name, ctx)?.boolValue ?? false
    }

    /// A numeric array property's numbers (`line-dasharray`, `text-offset`...).
    public func numbers(_ name: String, _ ctx: EvaluationContext) -> [Double]? {
        value(name, ctx)?.arrayValue?.compactMap(\.numberValue)
    }

    /// True when the layer sets the property (the default applies otherwise).
    public func isSet(_ name: String) -> Bool { values[name] != nil }
}
