import JSON

/// `["rgb", r, g, b]`, `["rgba", r, g, b, a]` and `["to-rgba", color]`.
final class ColorOp: StyleExpression, @unchecked Sendable {
    enum Op { case rgb, toRGBA }
    let op: Op

    init(_ op: Op, type: ExpressionType, children: [StyleExpression]) {
        self.op = op
        super.init(type: type, children: children)
    }

    override func evaluate(_ ctx: EvaluationContext) throws(EvaluationError) -> Value {
        switch op {
        case .rgb:
            var channels: [Double] = []
            for child in children { channels.append(try child.evaluate(ctx).numberValue ?? .nan) }
            let alpha = channels.count == 4 ? channels[3] : 1
            guard channels[0...2].allSatisfy({ $0 >= 0 && $0 <= 255 }), alpha >= 0, alpha <= 1 else {
                let list = channels.map(formatJSONNumber).joined(separator: ", ")
                throw EvaluationError("Invalid rgba value [\(list)]: 'r', 'g', and 'b' must be between 0 and 255, and 'a' must be between 0 and 1.")
            }
            return .color(Color(r: channels[0] / 255, g: channels[1] / 255, b: channels[2] / 255, a: alpha))
        case .toRGBA:
            guard case .color(let c) = try children[0].evaluate(ctx) else { throw EvaluationError("Expected a color.") }
            return .array([.number(c.r * 255), .number(c.g * 255), .number(c.b * 255), .number(c.a)])
        }
    }
}

extension Operators {
    static let colorOperators: [String: Parser] = [
        "rgb": { (ctx: inout ParsingContext, args) throws(ExpressionError) in
            try ctx.expectArguments(args, 3...3)
            var children: [StyleExpression] = []
            for i in 1...3 { children.append(try ctx.parse(args, i, expected: .number)) }
            return ColorOp(.rgb, type: .color, children: children)
        },
        "rgba": { (ctx: inout ParsingContext, args) throws(ExpressionError) in
            try ctx.expectArguments(args, 4...4)
            var children: [StyleExpression] = []
            for i in 1...4 { children.append(try ctx.parse(args, i, expected: .number)) }
            return ColorOp(.rgb, type: .color, children: children)
        },
        "to-rgba": { (ctx: inout ParsingContext, args) throws(ExpressionError) in
            try ctx.expectArguments(args, 1...1)
            return ColorOp(.toRGBA, type: .array(.number, 4), children: [try ctx.parse(args, 1, expected: .color)])
        },
    ]
}
