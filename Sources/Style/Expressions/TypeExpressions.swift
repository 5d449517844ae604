import JSON

/// A constant.
public final class Literal: StyleExpression, @unchecked Sendable {
    /// The constant's value.
    public let value: Value

    /// A constant of `value`, of `type` when a narrower type is known (an empty array's items).
    public init(_ value: Value, type: ExpressionType? = nil) {
        self.value = value
        super.init(type: type ?? value.type)
    }

    /// The constant, whatever the context.
    public override func evaluate(_ ctx: EvaluationContext) throws(EvaluationError) -> Value { value }
}

/// `["string", v, ...]`, `["number", ...]`, `["boolean", ...]`, `["object", ...]`,
/// `["array", ...]`: the first argument whose value has the type, or an error.
public final class Assertion: StyleExpression, @unchecked Sendable {
    /// An assertion that the arguments' first value of `type` is the result.
    public init(type: ExpressionType, arguments: [StyleExpression]) {
        super.init(type: type, children: arguments)
    }

    /// The first argument's value that has the type; throws when none has it.
    public override func evaluate(_ ctx: EvaluationContext) throws(EvaluationError) -> Value {
        for (i, child) in children.enumerated() {
            let v = try child.evaluate(ctx)
            if type.isAssignable(from: v.type) { return v }
            if i == children.count - 1 {
                throw EvaluationError("Expected value to be of type \(type), but found \(v.type) instead.")
            }
        }
        return .null
    }
}

/// `["to-number", ...]`, `["to-string", v]`, `["to-boolean", v]`, `["to-color", ...]`, and
/// the implicit coercions to colour, formatted text and images.
public final class Coercion: StyleExpression, @unchecked Sendable {
    /// A conversion of the arguments to `type`.
    public init(type: ExpressionType, arguments: [StyleExpression]) {
        super.init(type: type, children: arguments)
    }

    /// The first argument's value that converts to the type; throws when none does (colours,
    /// numbers), or converts the one argument (strings, booleans).
    public override func evaluate(_ ctx: EvaluationContext) throws(EvaluationError) -> Value {
        switch type {
        case .boolean:
            return .bool(truthy(try children[0].evaluate(ctx)))
        case .string:
            return .string(try children[0].evaluate(ctx).text)
        case .number:
            var last: Value = .null
            for child in children {
                last = try child.evaluate(ctx)
                switch last {
                case .null: return .number(0)
                case .number(let n): return .number(n)
                case .bool(let b): return .number(b ? 1 : 0)
                case .string(let s):
                    if let n = parseJSNumber(s) { return .number(n) }
                default: continue
                }
            }
            throw EvaluationError("Could not convert \(last.text.isEmpty ? "null" : quoted(last)) to number.")
        case .color:
            var failure: String?
            for child in children {
                let v = try child.evaluate(ctx)
                switch v {
                case .color: return v
                case .string(let s):
                    if let c = Color(css: s) { return .color(c) }
                    failure = "Could not parse color from value '\(s)'"
                case .array(let items) where items.count == 3 || items.count == 4:
                    let numbers = items.compactMap(\.numberValue)
                    if numbers.count == items.count, numbers[0...2].allSatisfy({ $0 >= 0 && $0 <= 255 }),
                       numbers.count == 3 || (numbers[3] >= 0 && numbers[3] <= 1) {
                        return .color(Color(r: numbers[0] / 255, g: numbers[1] / 255, b: numbers[2] / 255,
                                            a: numbers.count == 4 ? numbers[3] : 1))
                    }
                    failure = "Invalid rgba value \(JSONWriter().string(v.json)): 'r', 'g', and 'b' must be between 0 and 255, and 'a' must be between 0 and 1."
                default:
                    failure = "Could not parse color from value '\(JSONWriter().string(v.json))'"
                }
            }
            throw EvaluationError(failure ?? "Could not parse color")
        case .formatted:
            let v = try children[0].evaluate(ctx)
            if case .formatted = v { return v }
            return .formatted(Formatted(text: v.text))
        case .resolvedImage:
            let v = try children[0].evaluate(ctx)
            if case .image = v { return v }
            return .image(v.text)
        default:
            return try children[0].evaluate(ctx)
        }
    }
}

/// `["typeof", v]`.
final class TypeOf: StyleExpression, @unchecked Sendable {
    override func evaluate(_ ctx: EvaluationContext) throws(EvaluationError) -> Value {
        .string(try children[0].evaluate(ctx).type.description)
    }
}

func truthy(_ v: Value) -> Bool {
    switch v {
    case .null: false
    case .bool(let b): b
    case .number(let n): n != 0 && !n.isNaN
    case .string(let s): !s.isEmpty
    default: true
    }
}

func quoted(_ v: Value) -> String {
    if case .string(let s) = v { return "\"\(s)\"" }
    return JSONWriter().string(v.json)
}

/// JavaScript's `Number(string)`: trims whitespace, accepts decimal and hex, "" is 0.
func parseJSNumber(_ s: String) -> Double? {
    let t = s.trimmingCharacters()
    if t.isEmpty { return 0 }
    if t.hasPrefix("0x") || t.hasPrefix("0X") { return UInt64(t.dropFirst(2), radix: 16).map(Double.init) }
    if t == "Infinity" || t == "+Infinity" { return .infinity }
    if t == "-Infinity" { return -.infinity }
    guard t.allSatisfy({ "0123456789+-.eE".contains($0) }) else { return nil }
    return Double(t)
}

extension Operators {
    static let typeOperators: [String: Parser] = [
        "literal": { (ctx: inout ParsingContext, args) throws(ExpressionError) in
            guard args.count == 2 else {
                throw ctx.error("'literal' expression requires exactly one argument, but found \(args.count - 1) instead.")
            }
            let value = Value(args[1])
            if case .array(let items) = value, let expected = ctx.expected, case .array(let item, let n) = expected,
               items.isEmpty || (n == nil || n == items.count) {
                // An empty or untyped literal array takes the expected array type.
                if items.isEmpty || item.isAssignable(from: Value.commonType(of: items)) {
                    return Literal(value, type: expected)
                }
            }
            return Literal(value)
        },
        "string": assertion(.string),
        "number": assertion(.number),
        "boolean": assertion(.boolean),
        "object": assertion(.object),
        "array": { (ctx: inout ParsingContext, args) throws(ExpressionError) in
            guard args.count >= 2 else { throw ctx.error("Expected at least one argument.") }
            var item = ExpressionType.value
            var length: Int?
            var valueIndex = 1
            if args.count > 2 {
                guard case .string(let name) = args[1], let t = itemType(name) else {
                    throw ctx.error("The item type argument of \"array\" must be one of string, number, boolean", at: 1)
                }
                item = t
                valueIndex = 2
                if args.count > 3 {
                    switch args[2] {
                    case .null: break
                    case .number(let n) where n >= 0 && n == n.rounded(): length = Int(n)
                    default: throw ctx.error("The length argument to \"array\" must be a positive integer literal", at: 2)
                    }
                    valueIndex = 3
                }
            }
            // Like the other assertions, later arguments are fallbacks for earlier ones.
            var arguments: [StyleExpression] = []
            for i in valueIndex..<args.count { arguments.append(try ctx.parse(args, i, expected: .value)) }
            return Assertion(type: .array(item, length), arguments: arguments)
        },
        "to-number": coercion(.number),
        "to-color": coercion(.color),
        "to-string": { (ctx: inout ParsingContext, args) throws(ExpressionError) in
            try ctx.expectArguments(args, 1...1)
            return Coercion(type: .string, arguments: [try ctx.parse(args, 1, expected: .value)])
        },
        "to-boolean": { (ctx: inout ParsingContext, args) throws(ExpressionError) in
            try ctx.expectArguments(args, 1...1)
            return Coercion(type: .boolean, arguments: [try ctx.parse(args, 1, expected: .value)])
        },
        "typeof": { (ctx: inout ParsingContext, args) throws(ExpressionError) in
            try ctx.expectArguments(args, 1...1)
            return TypeOf(type: .string, children: [try ctx.parse(args, 1, expected: .value)])
        },
    ]

    private static func itemType(_ name: String) -> ExpressionType? {
        switch name {
        case "string": .string
        case "number": .number
        case "boolean": .boolean
        default: nil
        }
    }

    private static func assertion(_ type: ExpressionType) -> Parser {
        { (ctx: inout ParsingContext, args) throws(ExpressionError) in
            guard args.count >= 2 else { throw ctx.error("Expected at least one argument.") }
            var arguments: [StyleExpression] = []
            for i in 1..<args.count { arguments.append(try ctx.parse(args, i, expected: .value)) }
            return Assertion(type: type, arguments: arguments)
        }
    }

    private static func coercion(_ type: ExpressionType) -> Parser {
        { (ctx: inout ParsingContext, args) throws(ExpressionError) in
            guard args.count >= 2 else { throw ctx.error("Expected at least one argument.") }
            var arguments: [StyleExpression] = []
            for i in 1..<args.count { arguments.append(try ctx.parse(args, i, expected: .value)) }
            return Coercion(type: type, arguments: arguments)
        }
    }
}
