import JSON

/// `==`, `!=`, `<`, `<=`, `>`, `>=`, optionally with a collator.
final class Comparison: StyleExpression, @unchecked Sendable {
    enum Op: String { case eq = "==", ne = "!=", lt = "<", le = "<=", gt = ">", ge = ">=" }
    let op: Op
    let hasUntypedArgument: Bool

    init(_ op: Op, lhs: StyleExpression, rhs: StyleExpression, collator: StyleExpression?) {
        self.op = op
        hasUntypedArgument = lhs.type == .value || rhs.type == .value
        super.init(type: .boolean, children: [lhs, rhs] + (collator.map { [$0] } ?? []))
    }

    var isOrdering: Bool { op != .eq && op != .ne }

    override func evaluate(_ ctx: EvaluationContext) throws(EvaluationError) -> Value {
        let a = try children[0].evaluate(ctx)
        let b = try children[1].evaluate(ctx)
        if hasUntypedArgument && isOrdering {
            let ta = a.type, tb = b.type
            guard ta == tb, ta == .string || ta == .number else {
                throw EvaluationError("Expected arguments for \"\(op.rawValue)\" to be (string, string) or (number, number), but found (\(ta), \(tb)) instead.")
            }
        }
        if children.count == 3, case .collator(let collator) = try children[2].evaluate(ctx),
           case .string(let x) = a, case .string(let y) = b {
            let c = collator.compare(x, y)
            return .bool(Comparison.holds(op, c))
        }
        switch op {
        case .eq: return .bool(Comparison.strictEqual(a, b))
        case .ne: return .bool(!Comparison.strictEqual(a, b))
        default:
            switch (a, b) {
            case (.number(let x), .number(let y)):
                // NaN compares false, as in JavaScript.
                switch op {
                case .lt: return .bool(x < y)
                case .le: return .bool(x <= y)
                case .gt: return .bool(x > y)
                default: return .bool(x >= y)
                }
            case (.string(let x), .string(let y)):
                let c = Comparison.compareUTF16(x, y)
                return .bool(Comparison.holds(op, c))
            default:
                return .bool(false)
            }
        }
    }

    static func holds(_ op: Op, _ c: Int) -> Bool {
        switch op {
        case .eq: c == 0
        case .ne: c != 0
        case .lt: c < 0
        case .le: c <= 0
        case .gt: c > 0
        case .ge: c >= 0
        }
    }

    /// JavaScript's `===` on expression values: arrays and objects are never equal.
    static func strictEqual(_ a: Value, _ b: Value) -> Bool {
        switch (a, b) {
        case (.null, .null): true
        case (.bool(let x), .bool(let y)): x == y
        case (.number(let x), .number(let y)): x == y
        case (.string(let x), .string(let y)): x == y
        case (.color(let x), .color(let y)): x == y
        default: false
        }
    }

    /// JavaScript compares strings by UTF-16 code units.
    static func compareUTF16(_ x: String, _ y: String) -> Int {
        var i = x.utf16.makeIterator()
        var j = y.utf16.makeIterator()
        while true {
            switch (i.next(), j.next()) {
            case (nil, nil): return 0
            case (nil, _): return -1
            case (_, nil): return 1
            case (let a?, let b?): if a != b { return a < b ? -1 : 1 }
            }
        }
    }
}

extension Operators {
    static let comparisonOperators: [String: Parser] = [
        "==": { (ctx: inout ParsingContext, args) throws(ExpressionError) in try parseComparison(.eq, &ctx, args) },
        "!=": { (ctx: inout ParsingContext, args) throws(ExpressionError) in try parseComparison(.ne, &ctx, args) },
        "<": { (ctx: inout ParsingContext, args) throws(ExpressionError) in try parseComparison(.lt, &ctx, args) },
        "<=": { (ctx: inout ParsingContext, args) throws(ExpressionError) in try parseComparison(.le, &ctx, args) },
        ">": { (ctx: inout ParsingContext, args) throws(ExpressionError) in try parseComparison(.gt, &ctx, args) },
        ">=": { (ctx: inout ParsingContext, args) throws(ExpressionError) in try parseComparison(.ge, &ctx, args) },
    ]

    private static func parseComparison(_ op: Comparison.Op, _ ctx: inout ParsingContext, _ args: [JSONValue]) throws(ExpressionError) -> StyleExpression {
        guard args.count == 3 || args.count == 4 else { throw ctx.error("Expected two or three arguments.") }
        let ordering = op != .eq && op != .ne
        func comparable(_ t: ExpressionType) -> Bool {
            ordering ? (t == .string || t == .number || t == .value)
                : (t == .string || t == .number || t == .boolean || t == .null || t == .value)
        }
        var lhs = try ctx.parse(args, 1, expected: .value)
        guard comparable(lhs.type) else {
            throw ctx.error("\"\(op.rawValue)\" comparisons are not supported for type '\(lhs.type)'.", at: 1)
        }
        var rhs = try ctx.parse(args, 2, expected: .value)
        guard comparable(rhs.type) else {
            throw ctx.error("\"\(op.rawValue)\" comparisons are not supported for type '\(rhs.type)'.", at: 2)
        }
        if lhs.type != rhs.type && lhs.type != .value && rhs.type != .value {
            throw ctx.error("Cannot compare types '\(lhs.type)' and '\(rhs.type)'.")
        }
        if ordering {
            if lhs.type == .value && rhs.type != .value {
                lhs = Assertion(type: rhs.type, arguments: [lhs])
            } else if lhs.type != .value && rhs.type == .value {
                rhs = Assertion(type: lhs.type, arguments: [rhs])
            }
        }
        var collator: StyleExpression?
        if args.count == 4 {
            if lhs.type != .string && rhs.type != .string && lhs.type != .value && rhs.type != .value {
                throw ctx.error("Cannot use collator to compare non-string types.")
            }
            collator = try ctx.parse(args, 3, expected: .collator)
        }
        return Comparison(op, lhs: lhs, rhs: rhs, collator: collator)
    }
}
