import Geometry
import JSON

/// `["get", "name"]`: a feature property, looked up through the interned key.
public final class GetProperty: StyleExpression, @unchecked Sendable {
    /// The property read, interned.
    public let key: PropertyKey

    init(_ name: String) {
        key = PropertyKey(name)
        super.init(type: .value)
    }

    /// The feature's value of the property; null when it lacks it or there is no feature.
    public override func evaluate(_ ctx: EvaluationContext) throws(EvaluationError) -> Value {
        guard let feature = ctx.feature, let v = feature.property(key) else { return .null }
        return Value(v)
    }

    /// A feature property.
    public override var dependencies: Dependencies { .feature }
    /// The one property named.
    public override var propertiesReadHere: PropertyNames { .named([key.name]) }
}

/// `["get", key, object]`: a member of an object value.
final class GetMember: StyleExpression, @unchecked Sendable {
    override func evaluate(_ ctx: EvaluationContext) throws(EvaluationError) -> Value {
        let key = try children[0].evaluate(ctx).text
        guard case .object(let o) = try children[1].evaluate(ctx), let v = o[key] else { return .null }
        return Value(v)
    }
}

/// `["has", "name"]` and `["has", key, object]`.
final class Has: StyleExpression, @unchecked Sendable {
    let key: PropertyKey?

    init(_ name: String?, children: [StyleExpression]) {
        key = name.map(PropertyKey.init)
        super.init(type: .boolean, children: children)
    }

    override func evaluate(_ ctx: EvaluationContext) throws(EvaluationError) -> Value {
        if let key {
            return .bool(ctx.feature?.property(key) != nil)
        }
        let name = try children[0].evaluate(ctx).text
        if children.count == 2 {
            guard case .object(let o) = try children[1].evaluate(ctx) else { return .bool(false) }
            return .bool(o[name] != nil)
        }
        return .bool(ctx.feature?.property(PropertyKey(name)) != nil)
    }

    override var dependencies: Dependencies { children.count == 2 ? [] : .feature }

    override var propertiesReadHere: PropertyNames {
        if let key { return .named([key.name]) }
        return children.count == 2 ? .none : .any
    }
}

/// `["get", expr]` with a computed key.
final class GetComputed: StyleExpression, @unchecked Sendable {
    override func evaluate(_ ctx: EvaluationContext) throws(EvaluationError) -> Value {
        let name = try children[0].evaluate(ctx).text
        guard let v = ctx.feature?.property(PropertyKey(name)) else { return .null }
        return Value(v)
    }

    override var dependencies: Dependencies { .feature }
    override var propertiesReadHere: PropertyNames { .any }
}

/// Values of the feature or of the evaluation: `properties`, `geometry-type`, `id`, `zoom`,
/// `line-progress`, `accumulated`, `heatmap-density`, `feature-state`, `global-state`.
final class Environment: StyleExpression, @unchecked Sendable {
    enum Kind { case properties, geometryType, id, zoom, lineProgress, accumulated, heatmapDensity }
    let kind: Kind

    init(_ kind: Kind, type: ExpressionType) {
        self.kind = kind
        super.init(type: type)
    }

    override func evaluate(_ ctx: EvaluationContext) throws(EvaluationError) -> Value {
        switch kind {
        case .properties:
            guard let f = ctx.feature else { return .object(JSONObject()) }
            return .object(f.source.table.properties.object(row: f.row))
        case .geometryType:
            guard let t = ctx.feature?.geometryType else { return .null }
            return .string(Environment.geometryTypeName(t, ctx.feature!))
        case .id:
            switch ctx.feature?.id {
            case .string(let s)?: return .string(s)
            case .number(let n)?: return .number(n)
            case nil: return .null
            }
        case .zoom: return .number(ctx.zoom)
        case .lineProgress: return .number(ctx.lineProgress ?? 0)
        case .accumulated: return .number(ctx.accumulated ?? 0)
        case .heatmapDensity: return .number(ctx.heatmapDensity ?? 0)
        }
    }

    /// MapLibre reports "Point", "LineString" or "Polygon", and the Multi* names when the
    /// feature has more than one part.
    static func geometryTypeName(_ t: GeometryType, _ f: FeatureReference) -> String {
        let table = f.source.table
        let parts = table.parts(of: f.row)
        switch t {
        case .point, .multiPoint:
            return table.pointRange(of: f.row).count > 1 ? "MultiPoint" : "Point"
        case .lineString, .multiLineString:
            return parts.count > 1 ? "MultiLineString" : "LineString"
        case .polygon, .multiPolygon:
            return parts.count > 1 ? "MultiPolygon" : "Polygon"
        case .geometryCollection:
            let kind = parts.first.map { table.partKinds[$0] } ?? .point
            switch kind {
            case .point: return "Point"
            case .line: return "LineString"
            case .polygon: return "Polygon"
            }
        }
    }

    override var dependencies: Dependencies {
        switch kind {
        case .properties, .geometryType, .id: .feature
        case .zoom: .zoom
        case .lineProgress, .accumulated, .heatmapDensity: .lineProgress
        }
    }

    override var propertiesReadHere: PropertyNames { kind == .properties ? .any : .none }
}

/// `["global-state", name]`: a value set for the whole render (the atlas sets the current
/// feature's properties here), null when unset.
final class GlobalState: StyleExpression, @unchecked Sendable {
    let name: String

    init(_ name: String) {
        self.name = name
        super.init(type: .value)
    }

    override func evaluate(_ ctx: EvaluationContext) throws(EvaluationError) -> Value {
        ctx.globalState[name].map(Value.init) ?? .null
    }

    override var dependencies: Dependencies { .state }
}

/// `["feature-state", key]`: static maps have no feature state, so it is always null.
final class FeatureState: StyleExpression, @unchecked Sendable {
    override func evaluate(_ ctx: EvaluationContext) throws(EvaluationError) -> Value { .null }
    override var dependencies: Dependencies { .feature }
}

extension Operators {
    static let lookupOperators: [String: Parser] = [
        "get": { (ctx: inout ParsingContext, args) throws(ExpressionError) in
            try ctx.expectArguments(args, 1...2)
            if args.count == 3 {
                return GetMember(type: .value, children: [try ctx.parse(args, 1, expected: .string),
                                                          try ctx.parse(args, 2, expected: .object)])
            }
            if case .string(let name) = args[1] { return GetProperty(name) }
            return GetComputed(type: .value, children: [try ctx.parse(args, 1, expected: .string)])
        },
        "has": { (ctx: inout ParsingContext, args) throws(ExpressionError) in
            try ctx.expectArguments(args, 1...2)
            if args.count == 2, case .string(let name) = args[1] { return Has(name, children: []) }
            var children = [try ctx.parse(args, 1, expected: .string)]
            if args.count == 3 { children.append(try ctx.parse(args, 2, expected: .object)) }
            return Has(nil, children: children)
        },
        "properties": environment(.properties, .object),
        "geometry-type": environment(.geometryType, .string),
        "id": environment(.id, .value),
        "zoom": environment(.zoom, .number),
        "line-progress": environment(.lineProgress, .number),
        "accumulated": environment(.accumulated, .number),
        "heatmap-density": environment(.heatmapDensity, .number),
        "feature-state": { (ctx: inout ParsingContext, args) throws(ExpressionError) in
            try ctx.expectArguments(args, 1...1)
            return FeatureState(type: .value, children: [try ctx.parse(args, 1, expected: .string)])
        },
        "global-state": { (ctx: inout ParsingContext, args) throws(ExpressionError) in
            try ctx.expectArguments(args, 1...1)
            guard case .string(let name) = args[1] else {
                throw ctx.error("Global state property must be string, but found \(args[1].typeName) instead.", at: 1)
            }
            return GlobalState(name)
        },
    ]

    private static func environment(_ kind: Environment.Kind, _ type: ExpressionType) -> Parser {
        { (ctx: inout ParsingContext, args) throws(ExpressionError) in
            try ctx.expectArguments(args, 0...0)
            return Environment(kind, type: type)
        }
    }
}
