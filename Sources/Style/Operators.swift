import JSON

/// Every expression operator, by name. Each entry parses the operator's JSON array (the
/// name at index 0, arguments after it) into a node; the node classes live beside their
/// families (`Expressions/*.swift`).
public enum Operators {
    /// Parses an operator's JSON array, checking its arguments, into an expression node.
    public typealias Parser = @Sendable (inout ParsingContext, [JSONValue]) throws(ExpressionError) -> StyleExpression

    /// The parser of each operator, by name.
    public static let registry: [String: Parser] = {
        var r: [String: Parser] = [:]
        for family in [typeOperators, lookupOperators, bindingOperators, comparisonOperators,
                       decisionOperators, rampOperators, mathOperators, stringOperators,
                       colorOperators, textOperators, withinOperators, legacyFilterOperators] {
            r.merge(family) { a, _ in a }
        }
        return r
    }()

    /// The operator names, sorted: for messages that list them and for coverage checks.
    public static var names: [String] { registry.keys.sorted() }
}

extension ParsingContext {
    /// Checks the argument count: `["op", a, b]` has `args.count - 1` arguments.
    func expectArguments(_ args: [JSONValue], _ range: ClosedRange<Int>) throws(ExpressionError) {
        let n = args.count - 1
        guard range.contains(n) else {
            if range.lowerBound == range.upperBound {
                throw error("Expected \(range.lowerBound) argument\(range.lowerBound == 1 ? "" : "s"), but found \(n) instead.")
            }
            if n < range.lowerBound {
                throw error("Expected at least \(range.lowerBound) argument\(range.lowerBound == 1 ? "" : "s"), but found only \(n).")
            }
            throw error("Expected at most \(range.upperBound) arguments, but found \(n) instead.")
        }
    }
}
