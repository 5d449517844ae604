import JSON

/// String and array operators: `concat`, `upcase`, `downcase`, `length`, `at`, `in`,
/// `index-of`, `slice`.
final class StringOp: StyleExpression, @unchecked Sendable {
    enum Op { case concat, upcase, downcase, length, at, inside, indexOf, slice }
    let op: Op

    init(_ op: Op, type: ExpressionType, children: [StyleExpression]) {
        self.op = op
        super.init(type: type, children: children)
    }

    override func evaluate(_ ctx: EvaluationContext) throws(EvaluationError) -> Value {
        switch op {
        case .concat:
            var s = ""
            for child in children { s += try child.evaluate(ctx).text }
            return .string(s)
        case .upcase: return .string(try children[0].evaluate(ctx).text.uppercased())
        case .downcase: return .string(try children[0].evaluate(ctx).text.lowercased())
        case .length:
            switch try children[0].evaluate(ctx) {
            case .string(let s): return .number(Double(s.utf16.count))
            case .array(let a): return .number(Double(a.count))
            case let v: throw EvaluationError("Expected value to be of type string or array, but found \(v.type) instead.")
            }
        case .at:
            let index = try children[0].evaluate(ctx).numberValue ?? 0
            let v = try children[1].evaluate(ctx)
            let count: Int
            switch v {
            case .array(let a): count = a.count
            case .string(let s): count = s.count
            default: throw EvaluationError("Expected value to be of type string or array, but found \(v.type) instead.")
            }
            guard index >= 0 else { throw EvaluationError("Array index out of bounds: \(formatJSONNumber(index)) < 0.") }
            guard index < Double(count) else {
                throw EvaluationError("Array index out of bounds: \(formatJSONNumber(index)) > \(count - 1).")
            }
            guard index == index.rounded(.down) else {
                throw EvaluationError("Array index must be an integer, but found \(formatJSONNumber(index)) instead.")
            }
            if case .array(let a) = v { return a[Int(index)] }
            let s = v.stringValue!
            return .string(String(s[s.index(s.startIndex, offsetBy: Int(index))]))
        case .inside:
            let needle = try children[0].evaluate(ctx)
            let haystack = try children[1].evaluate(ctx)
            // A null or empty haystack holds nothing, whatever the needle.
            if haystack == .null || haystack == .string("") { return .bool(false) }
            try checkSearchable(needle, haystack)
            switch haystack {
            case .string(let s): return .bool(s.contains(Self.searchText(needle)) || Self.searchText(needle).isEmpty)
            case .array(let a): return .bool(a.contains { Comparison.strictEqual($0, needle) })
            default: return .bool(false)
            }
        case .indexOf:
            let needle = try children[0].evaluate(ctx)
            let haystack = try children[1].evaluate(ctx)
            try checkSearchable(needle, haystack)
            var from = 0
            if children.count == 3 {
                let index = try children[2].evaluate(ctx)
                guard case .number(let start) = index else {
                    throw EvaluationError("Expected third argument to be of type number, but found \(index.type) instead.")
                }
                guard start == start.rounded(.down) else {
                    throw EvaluationError("The index argument to \"index-of\" must be an integer, but found \(formatJSONNumber(start)) instead.")
                }
                from = Int(start)
            }
            switch haystack {
            case .string(let s):
                let units = Array(s.utf16)
                let n = Array(Self.searchText(needle).utf16)
                let start = max(0, min(from, units.count))
                if n.isEmpty { return .number(Double(start)) }
                if units.count >= n.count {
                    for i in start...(units.count - n.count) where Array(units[i..<(i + n.count)]) == n {
                        return .number(Double(i))
                    }
                }
                return .number(-1)
            case .array(let a):
                let start = max(0, from)
                for i in start..<max(start, a.count) where Comparison.strictEqual(a[i], needle) { return .number(Double(i)) }
                return .number(-1)
            default: return .number(-1)
            }
        case .slice:
            let v = try children[0].evaluate(ctx)
            let begin = try children[1].evaluate(ctx).numberValue ?? 0
            let end = children.count == 3 ? try children[2].evaluate(ctx).numberValue : nil
            func bounds(_ count: Int) -> Range<Int> {
                func clamp(_ x: Double) -> Int {
                    let i = x < 0 ? Double(count) + x : x
                    return Int(min(max(i.rounded(.towardZero), 0), Double(count)))
                }
                let b = clamp(begin)
                let e = end.map(clamp) ?? count
                return b..<max(b, e)
            }
            switch v {
            case .string(let s):
                let chars = Array(s)
                return .string(String(chars[bounds(chars.count)]))
            case .array(let a):
                return .array(Array(a[bounds(a.count)]))
            default:
                throw EvaluationError("Expected first argument to be of type array or string, but found \(v.type) instead.")
            }
        }
    }

    /// JavaScript's `String(needle)`, which `indexOf` on a string searches for: null is "null".
    static func searchText(_ needle: Value) -> String {
        needle == .null ? "null" : needle.text
    }

    private func checkSearchable(_ needle: Value, _ haystack: Value) throws(EvaluationError) {
        switch needle {
        case .bool, .string, .number, .null: break
        default:
            throw EvaluationError("Expected first argument to be of type boolean, string, number or null, but found \(needle.type) instead.")
        }
        switch haystack {
        case .string, .array: break
        default:
            throw EvaluationError("Expected second argument to be of type array or string, but found \(haystack.type) instead.")
        }
    }
}

extension Operators {
    static let stringOperators: [String: Parser] = [
        "concat": { (ctx: inout ParsingContext, args) throws(ExpressionError) in
            var children: [StyleExpression] = []
            for i in 1..<args.count { children.append(try ctx.parse(args, i, expected: .value)) }
            return StringOp(.concat, type: .string, children: children)
        },
        "upcase": unaryString(.upcase),
        "downcase": unaryString(.downcase),
        "length": { (ctx: inout ParsingContext, args) throws(ExpressionError) in
            try ctx.expectArguments(args, 1...1)
            let v = try ctx.parse(args, 1, expected: nil)
            switch v.type {
            case .string, .array, .value: break
            default: throw ctx.error("Expected argument of type string or array, but found \(v.type) instead.")
            }
            return StringOp(.length, type: .number, children: [v])
        },
        "at": { (ctx: inout ParsingContext, args) throws(ExpressionError) in
            try ctx.expectArguments(args, 2...2)
            let index = try ctx.parse(args, 1, expected: .number)
            let v = try ctx.parse(args, 2, expected: nil)
            let type: ExpressionType
            switch v.type {
            case .array(let item, _):
                // The array must hold what the caller expects, as MapLibre parses it
                // against array<expected>.
                if let expected = ctx.expected, expected != .value,
                   let message = ExpressionType.array(expected, nil).mismatch(v.type) {
                    throw ctx.error(message, at: 2)
                }
                type = item
            case .string: type = .string
            case .value: type = .value
            default: throw ctx.error("Expected argument of type string or array, but found \(v.type) instead.", at: 2)
            }
            return StringOp(.at, type: type, children: [index, v])
        },
        "in": { (ctx: inout ParsingContext, args) throws(ExpressionError) in
            try ctx.expectArguments(args, 2...2)
            let needle = try ctx.parse(args, 1, expected: .value)
            let haystack = try ctx.parse(args, 2, expected: .value)
            try checkTypes(ctx, needle, haystack)
            return StringOp(.inside, type: .boolean, children: [needle, haystack])
        },
        "index-of": { (ctx: inout ParsingContext, args) throws(ExpressionError) in
            try ctx.expectArguments(args, 2...3)
            let needle = try ctx.parse(args, 1, expected: .value)
            let haystack = try ctx.parse(args, 2, expected: .value)
            try checkTypes(ctx, needle, haystack)
            var children = [needle, haystack]
            if args.count == 4 { children.append(try ctx.parse(args, 3, expected: .value)) }
            return StringOp(.indexOf, type: .number, children: children)
        },
        "slice": { (ctx: inout ParsingContext, args) throws(ExpressionError) in
            try ctx.expectArguments(args, 2...3)
            let v = try ctx.parse(args, 1, expected: .value)
            switch v.type {
            case .string, .array, .value: break
            default:
                throw ctx.error("Expected first argument to be of type array or string, but found \(v.type) instead", at: 1)
            }
            var children = [v, try ctx.parse(args, 2, expected: .number)]
            if args.count == 4 { children.append(try ctx.parse(args, 3, expected: .number)) }
            return StringOp(.slice, type: v.type, children: children)
        },
    ]

    private static func checkTypes(_ ctx: ParsingContext, _ needle: StyleExpression, _ haystack: StyleExpression) throws(ExpressionError) {
        switch needle.type {
        case .boolean, .string, .number, .null, .value: break
        default:
            throw ctx.error("Expected first argument to be of type boolean, string, number or null, but found \(needle.type) instead")
        }
        switch haystack.type {
        case .string, .array, .value: break
        default:
            throw ctx.error("Expected second argument to be of type array or string, but found \(haystack.type) instead")
        }
    }

    private static func unaryString(_ op: StringOp.Op) -> Parser {
        { (ctx: inout ParsingContext, args) throws(ExpressionError) in
            try ctx.expectArguments(args, 1...1)
            return StringOp(op, type: .string, children: [try ctx.parse(args, 1, expected: .string)])
        }
    }
}
