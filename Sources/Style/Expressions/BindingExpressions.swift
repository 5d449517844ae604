import JSON

/// `["let", name, value, ..., body]`.
final class Let: StyleExpression, @unchecked Sendable {
    override func evaluate(_ ctx: EvaluationContext) throws(EvaluationError) -> Value {
        try children[children.count - 1].evaluate(ctx)
    }
}

/// `["var", name]`: evaluates the bound expression where it is used, as MapLibre does.
public final class Var: StyleExpression, @unchecked Sendable {
    let name: String
    let bound: StyleExpression

    init(name: String, bound: StyleExpression) {
        self.name = name
        self.bound = bound
        super.init(type: bound.type)
    }

    /// The bound expression's value, evaluated here.
    public override func evaluate(_ ctx: EvaluationContext) throws(EvaluationError) -> Value {
        try bound.evaluate(ctx)
    }

    /// What the bound expression reads.
    public override var dependencies: Dependencies { bound.allDependencies }
}

extension Operators {
    static let bindingOperators: [String: Parser] = [
        "let": { (ctx: inout ParsingContext, args) throws(ExpressionError) in
            guard args.count >= 4, args.count % 2 == 0 else {
                throw ctx.error("Expected an odd number of arguments to let; found \(args.count - 1).")
            }
            var inner = ctx
            var children: [StyleExpression] = []
            var i = 1
            while i < args.count - 1 {
                guard case .string(let name) = args[i] else {
                    throw ctx.error("Expected string, but found \(args[i].typeName) instead.", at: i)
                }
                guard name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else {
                    throw ctx.error("Variable names must contain only alphanumeric characters or '_'.", at: i)
                }
                let value = try inner.parse(args, i + 1, expected: nil)
                children.append(value)
                inner.bind(name, value)
                i += 2
            }
            let body = try inner.parse(args, args.count - 1, expected: ctx.expected)
            children.append(body)
            return Let(type: body.type, children: children)
        },
        "var": { (ctx: inout ParsingContext, args) throws(ExpressionError) in
            guard args.count == 2, case .string(let name) = args[1] else {
                throw ctx.error("'var' expression requires exactly one string literal argument.")
            }
            guard let bound = ctx.binding(name) else {
                throw ctx.error("Unknown variable \"\(name)\". Make sure \"\(name)\" has been bound in an enclosing \"let\" expression before using it.", at: 1)
            }
            return Var(name: name, bound: bound)
        },
    ]
}
