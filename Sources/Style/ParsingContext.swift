import JSON

/// Compiles expression JSON into `StyleExpression` trees, checking types as it goes, the way
/// MapLibre's `ParsingContext` does: each argument is parsed against the type its operator
/// expects, `value`-typed arguments get a run-time assertion or coercion, and subtrees that
/// depend on neither feature nor zoom are evaluated once, here.
public struct ParsingContext {
    /// Where in the expression this context is: `[2][1]`.
    public var key: String
    /// The type the caller expects, if any.
    public var expected: ExpressionType?
    /// Names bound by enclosing `let` expressions.
    var scope: [String: StyleExpression]
    /// How many operators enclose this one.
    var depth = 0

    /// Expressions nested deeper are refused. JSON nesting is already limited (256), but
    /// compiling, folding and evaluating all recurse once per level, on whatever thread
    /// (with whatever stack) renders; no real style comes near this.
    public static let maxDepth = 100

    /// A context at the root of an expression, expecting `expected` if given.
    public init(expected: ExpressionType? = nil) {
        key = ""
        self.expected = expected
        scope = [:]
    }

    /// How a `value`-typed result is made to fit the expected type: checked at run time
    /// (`assert`), converted (`coerce`), or left as it is (`omit`).
    public enum TypeAnnotation {
        /// `assert`: check the type at run time; `coerce`: convert to it; `omit`: leave the value as
        /// it is.
        case assert, coerce, omit
    }

    /// Compiles a whole expression. `annotation` overrides how a `value` result is made to
    /// fit `expected`: MapLibre's `createExpression` coerces for properties of type `string`
    /// (any value becomes text), where an `enum` property, also typed string, asserts.
    public static func compile(_ json: JSONValue, expected: ExpressionType? = nil,
                               annotation: TypeAnnotation? = nil) throws(ExpressionError) -> StyleExpression {
        var context = ParsingContext(expected: expected)
        return try context.parse(json, expected: expected, annotation: annotation)
    }

    /// An error at this context's place, or at its argument `index`.
    public func error(_ message: String, at index: Int? = nil) -> ExpressionError {
        ExpressionError(key: index.map { "\(key)[\($0)]" } ?? key, message: message)
    }

    /// A context for argument `index` of the current expression.
    public func child(_ index: Int, expected: ExpressionType?) -> ParsingContext {
        var c = self
        c.key = "\(key)[\(index)]"
        c.expected = expected
        c.depth = depth + 1
        return c
    }

    /// Parses argument `index` of `args` (the operator's array) against `expected`.
    public func parse(_ args: [JSONValue], _ index: Int, expected: ExpressionType?, annotation: TypeAnnotation? = nil) throws(ExpressionError) -> StyleExpression {
        var c = child(index, expected: expected)
        return try c.parse(args[index], expected: expected, annotation: annotation)
    }

    mutating func parse(_ json: JSONValue, expected: ExpressionType?, annotation: TypeAnnotation? = nil) throws(ExpressionError) -> StyleExpression {
        self.expected = expected
        var parsed: StyleExpression
        switch json {
        case .null, .bool, .number, .string:
            parsed = Literal(Value(json))
        case .object:
            throw error("Bare objects invalid. Use [\"literal\", {...}] instead.")
        case .array(let items):
            guard depth < Self.maxDepth else {
                throw error("expression nested deeper than \(Self.maxDepth) levels")
            }
            guard let first = items.first else {
                throw error("Expected an array with at least one element. If you wanted a literal array, use [\"literal\", []].")
            }
            guard case .string(let op) = first else {
                throw error("Expression name must be a string, but found \(first.typeName == "null" ? "null" : first.typeName) instead. If you wanted a literal array, use [\"literal\", [...]].", at: 0)
            }
            guard let definition = Operators.registry[op] else {
                throw error("Unknown expression \"\(op)\". If you wanted a literal array, use [\"literal\", [...]].", at: 0)
            }
            parsed = try definition(&self, items)
        }
        if let expected {
            // An annotated result is checked at run time; with `.omit` (inside `coalesce`)
            // the caller takes care of it.
            let actual = parsed.type
            if expected.isAsserted && actual == .value {
                parsed = annotate(parsed, expected, annotation ?? .assert)
            } else if expected.isCoerced && (actual == .value || actual == .string) {
                parsed = annotate(parsed, expected, annotation ?? .coerce)
            } else if let message = expected.mismatch(actual) {
                throw error(message)
            }
        }
        if !(parsed is Literal), parsed.type != .resolvedImage, Self.isConstant(parsed) {
            do {
                parsed = Literal(try parsed.evaluate(EvaluationContext()), type: parsed.type)
            } catch {
                throw self.error(error.message)
            }
        }
        return parsed
    }

    private func annotate(_ e: StyleExpression, _ type: ExpressionType, _ annotation: TypeAnnotation) -> StyleExpression {
        switch annotation {
        case .assert: Assertion(type: type, arguments: [e])
        case .coerce: Coercion(type: type, arguments: [e])
        case .omit: e
        }
    }

    /// MapLibre's `_isConstant`: a subtree is folded when its arguments are literals (or,
    /// for type annotations, constant) and it reads no feature, zoom or placement value.
    static func isConstant(_ e: StyleExpression) -> Bool {
        if let v = e as? Var { return isConstant(v.bound) }
        if e is CollatorExpression || e.isNeverConstant { return false }
        let isAnnotation = e is Coercion || e is Assertion
        for child in e.children {
            if isAnnotation ? !isConstant(child) : !(child is Literal) { return false }
        }
        return e.dependencies.isEmpty && e.isFeatureConstant && e.isZoomConstant
            && !e.allDependencies.contains(.lineProgress) && !e.allDependencies.contains(.state)
    }

    func binding(_ name: String) -> StyleExpression? { scope[name] }

    mutating func bind(_ name: String, _ value: StyleExpression) { scope[name] = value }
}
