import JSON
import Testing
@testable import Style

/// StyleExpression nesting is limited to `ParsingContext.maxDepth` operators, with an error that
/// names the place; up to the limit, deep expressions compile and evaluate.
@Suite("Expression depth")
struct ExpressionDepthTests {
    static func nested(_ levels: Int) -> JSONValue {
        var json: JSONValue = .array([.string("zoom")])
        for _ in 1..<levels { json = .array([.string("+"), .number(1), json]) }
        return json
    }

    @Test func theLimitItselfCompilesAndEvaluates() throws {
        let e = try ParsingContext.compile(Self.nested(ParsingContext.maxDepth), expected: .number)
        var context = EvaluationContext()
        context.zoom = 10
        #expect(try e.evaluate(context) == .number(Double(ParsingContext.maxDepth - 1 + 10)))
    }

    @Test func oneLevelMoreIsAnErrorAtTheDeepestPlace() {
        #expect {
            _ = try ParsingContext.compile(Self.nested(ParsingContext.maxDepth + 1), expected: .number)
        } throws: { error in
            guard let error = error as? ExpressionError else { return false }
            return error.message == "expression nested deeper than 100 levels"
                && error.key == String(repeating: "[2]", count: ParsingContext.maxDepth)
        }
    }

    @Test func aJSONBombOfArraysFailsQuickly() {
        // 255 levels: inside JSON's limit, far past the expression limit.
        var json: JSONValue = .array([.string("get"), .string("x")])
        for _ in 0..<254 { json = .array([.string("upcase"), json]) }
        #expect(throws: ExpressionError.self) { try ParsingContext.compile(json) }
    }
}
