#if canImport(Glibc)
import Glibc
#endif
import JSON

/// Arithmetic and math functions over numbers.
final class MathOp: StyleExpression, @unchecked Sendable {
    enum Op {
        case add, multiply, subtract, negate, divide, modulo, power, min, max
        case unary(@Sendable (Double) -> Double)
        case constant(Double)
    }
    let op: Op

    init(_ op: Op, children: [StyleExpression]) {
        self.op = op
        super.init(type: .number, children: children)
    }

    @inline(__always)
    private func number(_ i: Int, _ ctx: EvaluationContext) throws(EvaluationError) -> Double {
        guard case .number(let n) = try children[i].evaluate(ctx) else {
            throw EvaluationError("Expected value to be of type number.")
        }
        return n
    }

    override func evaluate(_ ctx: EvaluationContext) throws(EvaluationError) -> Value {
        switch op {
        case .add:
            var sum = 0.0
            for i in children.indices { sum += try number(i, ctx) }
            return .number(sum)
        case .multiply:
            var product = 1.0
            for i in children.indices { product *= try number(i, ctx) }
            return .number(product)
        case .subtract: return .number(try number(0, ctx) - number(1, ctx))
        case .negate: return .number(-(try number(0, ctx)))
        case .divide: return .number(try number(0, ctx) / number(1, ctx))
        case .modulo: return .number(fmod(try number(0, ctx), try number(1, ctx)))
        case .power: return .number(pow(try number(0, ctx), try number(1, ctx)))
        case .min:
            var m = Double.infinity
            for i in children.indices {
                let v = try number(i, ctx)
                if v.isNaN { return .number(.nan) }
                m = Swift.min(m, v)
            }
            return .number(m)
        case .max:
            var m = -Double.infinity
            for i in children.indices {
                let v = try number(i, ctx)
                if v.isNaN { return .number(.nan) }
                m = Swift.max(m, v)
            }
            return .number(m)
        case .unary(let f): return .number(f(try number(0, ctx)))
        case .constant(let c): return .number(c)
        }
    }
}

extension Operators {
    static let mathOperators: [String: Parser] = [
        "+": variadic(.add, minimum: 0),
        "*": variadic(.multiply, minimum: 0),
        // As JavaScript's Math.min and Math.max, which give +∞ and -∞ without arguments.
        "min": variadic(.min, minimum: 0),
        "max": variadic(.max, minimum: 0),
        "-": { (ctx: inout ParsingContext, args) throws(ExpressionError) in
            guard args.count == 2 || args.count == 3 else {
                var types: [String] = []
                for i in 1..<args.count { types.append(try ctx.parse(args, i, expected: nil).type.description) }
                throw ctx.error("Expected arguments of type (number, number) | (number), but found (\(types.joined(separator: ", "))) instead.")
            }
            let a = try ctx.parse(args, 1, expected: .number)
            if args.count == 2 { return MathOp(.negate, children: [a]) }
            return MathOp(.subtract, children: [a, try ctx.parse(args, 2, expected: .number)])
        },
        "/": binary(.divide),
        "%": binary(.modulo),
        "^": binary(.power),
        "pi": constant(.pi),
        "e": constant(M_E),
        "ln2": constant(M_LN2),
        "sqrt": unary { $0.squareRoot() },
        "abs": unary { abs($0) },
        "ln": unary { log($0) },
        "log10": unary { log10($0) },
        "log2": unary { log2($0) },
        "sin": unary { sin($0) },
        "cos": unary { cos($0) },
        "tan": unary { tan($0) },
        "asin": unary { asin($0) },
        "acos": unary { acos($0) },
        "atan": unary { atan($0) },
        "floor": unary { floor($0) },
        "ceil": unary { ceil($0) },
        // Halfway values round away from zero, as the specification says.
        "round": unary { $0.rounded(.toNearestOrAwayFromZero) },
    ]

    private static func unary(_ f: @escaping @Sendable (Double) -> Double) -> Parser {
        { (ctx: inout ParsingContext, args) throws(ExpressionError) in
            try ctx.expectArguments(args, 1...1)
            return MathOp(.unary(f), children: [try ctx.parse(args, 1, expected: .number)])
        }
    }

    private static func variadic(_ op: MathOp.Op, minimum: Int) -> Parser {
        { (ctx: inout ParsingContext, args) throws(ExpressionError) in
            if args.count - 1 < minimum {
                throw ctx.error("Expected at least \(minimum) argument\(minimum == 1 ? "" : "s"), but found only \(args.count - 1).")
            }
            var children: [StyleExpression] = []
            for i in 1..<args.count { children.append(try ctx.parse(args, i, expected: .number)) }
            return MathOp(op, children: children)
        }
    }

    private static func binary(_ op: MathOp.Op) -> Parser {
        { (ctx: inout ParsingContext, args) throws(ExpressionError) in
            try ctx.expectArguments(args, 2...2)
            return MathOp(op, children: [try ctx.parse(args, 1, expected: .number), try ctx.parse(args, 2, expected: .number)])
        }
    }

    private static func constant(_ c: Double) -> Parser {
        { (ctx: inout ParsingContext, args) throws(ExpressionError) in
            try ctx.expectArguments(args, 0...0)
            return MathOp(.constant(c), children: [])
        }
    }
}
