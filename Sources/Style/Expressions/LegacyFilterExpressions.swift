import Geometry
import JSON

/// The `filter-*` operators that converted legacy filters compile to (see `LegacyFilter`).
/// Their operands are constants, and they follow the old filter semantics: `==` is strict
/// equality where a missing property equals nothing, an ordering of values of different
/// types is false rather than an error, and `$type` is the geometry's base type ("Point",
/// "LineString", "Polygon", whatever the number of parts).
final class LegacyFilterTest: StyleExpression, @unchecked Sendable {
    enum Subject {
        case property(PropertyKey)
        case id
        case geometryType
    }

    enum Test {
        case equal(JSONValue)
        case order(Comparison.Op, JSONValue)
        case member(Set<JSONValue>)
        case exists
    }

    let subject: Subject
    let test: Test

    init(_ subject: Subject, _ test: Test) {
        self.subject = subject
        self.test = test
        super.init(type: .boolean)
    }

    override var propertiesReadHere: PropertyNames {
        if case .property(let key) = subject { return .named([key.name]) }
        return .none
    }

    override func evaluate(_ ctx: EvaluationContext) throws(EvaluationError) -> Value {
        let value = subjectValue(ctx)
        switch test {
        case .exists:
            return .bool(value != nil)
        case .equal(let expected):
            guard let value else { return .bool(false) }
            return .bool(Self.strictlyEqual(value, expected))
        case .member(let set):
            guard let value, Self.isScalar(value) else { return .bool(false) }
            return .bool(set.contains(value))
        case .order(let op, let bound):
            switch (value, bound) {
            case (.number(let a)?, .number(let b)):
                return .bool(Self.ordered(op, a, b))
            case (.string(let a)?, .string(let b)):
                return .bool(Self.ordered(op, Comparison.compareUTF16(a, b), 0))
            default:
                return .bool(false)
            }
        }
    }

    private func subjectValue(_ ctx: EvaluationContext) -> JSONValue? {
        switch subject {
        case .property(let key):
            return ctx.feature?.property(key)
        case .id:
            switch ctx.feature?.id {
            case .string(let s)?: return .string(s)
            case .number(let n)?: return .number(n)
            case nil: return nil
            }
        case .geometryType:
            guard let type = ctx.feature?.geometryType else { return nil }
            return .string(Self.baseTypeName(type, ctx.feature!))
        }
    }

    /// "Point", "LineString" or "Polygon": the `$type` of legacy filters.
    static func baseTypeName(_ type: GeometryType, _ feature: FeatureReference) -> String {
        switch Environment.geometryTypeName(type, feature) {
        case "MultiPoint": "Point"
        case "MultiLineString": "LineString"
        case "MultiPolygon": "Polygon"
        case let name: name
        }
    }

    /// NaN orders with nothing, as in JavaScript.
    static func ordered<T: Comparable>(_ op: Comparison.Op, _ a: T, _ b: T) -> Bool {
        switch op {
        case .lt: a < b
        case .gt: a > b
        case .le: a <= b
        case .ge: a >= b
        case .eq: a == b
        case .ne: a != b
        }
    }

    static func isScalar(_ v: JSONValue) -> Bool {
        switch v {
        case .array, .object: false
        default: true
        }
    }

    /// JavaScript's `===`: arrays and objects are never equal.
    static func strictlyEqual(_ a: JSONValue, _ b: JSONValue) -> Bool {
        isScalar(a) && isScalar(b) && a == b
    }

    override var dependencies: Dependencies { .feature }
}

extension Operators {
    static let legacyFilterOperators: [String: Parser] = [
        "filter-==": propertyFilter { .equal($0) },
        "filter-<": propertyFilter { .order(.lt, $0) },
        "filter->": propertyFilter { .order(.gt, $0) },
        "filter-<=": propertyFilter { .order(.le, $0) },
        "filter->=": propertyFilter { .order(.ge, $0) },
        "filter-in": propertyFilter { .member(Set(($0.arrayValue ?? []).filter(LegacyFilterTest.isScalar))) },
        "filter-id-==": subjectFilter(.id) { .equal($0) },
        "filter-id-<": subjectFilter(.id) { .order(.lt, $0) },
        "filter-id->": subjectFilter(.id) { .order(.gt, $0) },
        "filter-id-<=": subjectFilter(.id) { .order(.le, $0) },
        "filter-id->=": subjectFilter(.id) { .order(.ge, $0) },
        "filter-id-in": subjectFilter(.id) { .member(Set(($0.arrayValue ?? []).filter(LegacyFilterTest.isScalar))) },
        "filter-type-==": subjectFilter(.geometryType) { .equal($0) },
        "filter-type-in": subjectFilter(.geometryType) { .member(Set(($0.arrayValue ?? []).filter(LegacyFilterTest.isScalar))) },
        "filter-has": { (ctx: inout ParsingContext, args) throws(ExpressionError) in
            try ctx.expectArguments(args, 1...1)
            return LegacyFilterTest(.property(PropertyKey(try key(ctx, args))), .exists)
        },
        "filter-has-id": { (ctx: inout ParsingContext, args) throws(ExpressionError) in
            try ctx.expectArguments(args, 0...0)
            return LegacyFilterTest(.id, .exists)
        },
    ]

    private static func key(_ ctx: ParsingContext, _ args: [JSONValue]) throws(ExpressionError) -> String {
        guard case .string(let name) = args[1] else {
            throw ctx.error("Expected a property name, but found \(args[1].typeName) instead.", at: 1)
        }
        return name
    }

    /// The constant operand: `["literal", v]` as the converter writes it, or a bare value.
    private static func operand(_ json: JSONValue) -> JSONValue {
        if case .array(let items) = json, items.count == 2, items[0] == "literal" { return items[1] }
        return json
    }

    private static func propertyFilter(_ test: @escaping @Sendable (JSONValue) -> LegacyFilterTest.Test) -> Parser {
        { (ctx: inout ParsingContext, args) throws(ExpressionError) in
            try ctx.expectArguments(args, 2...2)
            return LegacyFilterTest(.property(PropertyKey(try key(ctx, args))), test(operand(args[2])))
        }
    }

    private static func subjectFilter(_ subject: LegacyFilterTest.Subject,
                                      _ test: @escaping @Sendable (JSONValue) -> LegacyFilterTest.Test) -> Parser {
        { (ctx: inout ParsingContext, args) throws(ExpressionError) in
            try ctx.expectArguments(args, 1...1)
            return LegacyFilterTest(subject, test(operand(args[1])))
        }
    }
}
