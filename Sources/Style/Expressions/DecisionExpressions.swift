import JSON

/// `["!", b]`.
final class Not: StyleExpression, @unchecked Sendable {
    override func evaluate(_ ctx: EvaluationContext) throws(EvaluationError) -> Value {
        .bool(!(try children[0].evaluate(ctx).boolValue ?? false))
    }
}

/// `["all", ...]` and `["any", ...]`, short-circuiting.
final class AllAny: StyleExpression, @unchecked Sendable {
    let isAll: Bool

    init(isAll: Bool, children: [StyleExpression]) {
        self.isAll = isAll
        super.init(type: .boolean, children: children)
    }

    override func evaluate(_ ctx: EvaluationContext) throws(EvaluationError) -> Value {
        for child in children {
            let v = try child.evaluate(ctx).boolValue ?? false
            if v != isAll { return .bool(v) }
        }
        return .bool(isAll)
    }
}

/// `["case", cond, out, ..., fallback]`: children alternate condition, output; the last is
/// the fallback.
final class Case: StyleExpression, @unchecked Sendable {
    override func evaluate(_ ctx: EvaluationContext) throws(EvaluationError) -> Value {
        var i = 0
        while i + 1 < children.count {
            if try children[i].evaluate(ctx).boolValue == true { return try children[i + 1].evaluate(ctx) }
            i += 2
        }
        return try children[children.count - 1].evaluate(ctx)
    }
}

/// `["match", input, labels, out, ..., fallback]`: labels are looked up in tables built at
/// compile time. When the input is `["get", name]` the property is read straight from the
/// feature, and when every output is a constant the result is read from an array, so a
/// typical match costs one property lookup and a few string comparisons.
public final class Match: StyleExpression, @unchecked Sendable {
    let inputType: ExpressionType
    let numberCases: BranchTable<Double>
    let stringCases: BranchTable<String>
    let inputKey: PropertyKey?
    /// The outputs, then the fallback, when all of them are constants.
    let constantOutputs: [Value]?
    /// Each branch's labels, in the order written (for legends).
    public let branchLabels: [[JSONValue]]

    init(type: ExpressionType, inputType: ExpressionType, numberCases: [Double: Int], stringCases: [String: Int],
         input: StyleExpression, outputs: [StyleExpression], fallback: StyleExpression) {
        self.inputType = inputType
        self.numberCases = BranchTable(numberCases)
        self.stringCases = BranchTable(stringCases)
        inputKey = (input as? GetProperty)?.key
        var labels = [[JSONValue]](repeating: [], count: outputs.count)
        for (n, b) in numberCases.sorted(by: { $0.key < $1.key }) { labels[b].append(.number(n)) }
        for (s, b) in stringCases.sorted(by: { $0.key < $1.key }) { labels[b].append(.string(s)) }
        branchLabels = labels
        let all = outputs + [fallback]
        constantOutputs = all.allSatisfy { $0 is Literal } ? all.map { ($0 as! Literal).value } : nil
        super.init(type: type, children: [input] + outputs + [fallback])
    }

    /// The branch a value takes (nil for the fallback).
    public func branch(for value: JSONValue) -> Int? {
        switch value {
        case .number(let n): numberCases.branch(n)
        case .string(let s): stringCases.branch(s)
        default: nil
        }
    }

    /// The output of the branch the input takes, else the fallback.
    public override func evaluate(_ ctx: EvaluationContext) throws(EvaluationError) -> Value {
        let branch: Int?
        if let inputKey {
            switch ctx.feature?.property(inputKey) {
            case .number(let n)?: branch = numberCases.branch(n)
            case .string(let s)?: branch = stringCases.branch(s)
            default: branch = nil
            }
        } else {
            switch try children[0].evaluate(ctx) {
            case .number(let n): branch = numberCases.branch(n)
            case .string(let s): branch = stringCases.branch(s)
            default: branch = nil
            }
        }
        let index = branch ?? children.count - 2
        if let constantOutputs { return constantOutputs[index] }
        return try children[index + 1].evaluate(ctx)
    }
}

/// Branches by label. A few labels are compared one by one, which beats hashing a string;
/// many go through a dictionary.
struct BranchTable<Label: Hashable> {
    private let few: [(label: Label, branch: Int)]
    private let many: [Label: Int]?

    init(_ branches: [Label: Int]) {
        if branches.count <= 12 {
            few = branches.map { ($0.key, $0.value) }.sorted { $0.branch < $1.branch }
            many = nil
        } else {
            few = []
            many = branches
        }
    }

    @inline(__always)
    func branch(_ label: Label) -> Int? {
        if let many { return many[label] }
        for entry in few where entry.label == label { return entry.branch }
        return nil
    }
}

/// `["coalesce", a, b, ...]`: the first value that is not null.
final class Coalesce: StyleExpression, @unchecked Sendable {
    override func evaluate(_ ctx: EvaluationContext) throws(EvaluationError) -> Value {
        var result: Value = .null
        for child in children {
            result = try child.evaluate(ctx)
            if result != .null { break }
        }
        return result
    }
}

/// `["error", message]`: fails the evaluation with `message`. Its type, `error`, fits
/// anywhere, and it is never folded, so only a branch that is taken fails.
final class ErrorExpression: StyleExpression, @unchecked Sendable {
    override var isNeverConstant: Bool { true }

    override func evaluate(_ ctx: EvaluationContext) throws(EvaluationError) -> Value {
        throw EvaluationError(try children[0].evaluate(ctx).text)
    }
}

extension Operators {
    static let decisionOperators: [String: Parser] = [
        "error": { (ctx: inout ParsingContext, args) throws(ExpressionError) in
            try ctx.expectArguments(args, 1...1)
            return ErrorExpression(type: .error, children: [try ctx.parse(args, 1, expected: .string)])
        },
        "!": { (ctx: inout ParsingContext, args) throws(ExpressionError) in
            try ctx.expectArguments(args, 1...1)
            return Not(type: .boolean, children: [try ctx.parse(args, 1, expected: .boolean)])
        },
        "all": { (ctx: inout ParsingContext, args) throws(ExpressionError) in
            var children: [StyleExpression] = []
            for i in 1..<args.count { children.append(try ctx.parse(args, i, expected: .boolean)) }
            return AllAny(isAll: true, children: children)
        },
        "any": { (ctx: inout ParsingContext, args) throws(ExpressionError) in
            var children: [StyleExpression] = []
            for i in 1..<args.count { children.append(try ctx.parse(args, i, expected: .boolean)) }
            return AllAny(isAll: false, children: children)
        },
        "case": { (ctx: inout ParsingContext, args) throws(ExpressionError) in
            guard args.count >= 4 else { throw ctx.error("Expected at least 3 arguments, but found only \(args.count - 1).") }
            guard args.count % 2 == 0 else { throw ctx.error("Expected an odd number of arguments.") }
            var outputType = ctx.expected == .value ? nil : ctx.expected
            var children: [StyleExpression] = []
            var i = 1
            while i < args.count - 1 {
                children.append(try ctx.parse(args, i, expected: .boolean))
                let out = try ctx.parse(args, i + 1, expected: outputType)
                outputType = outputType ?? out.type
                children.append(out)
                i += 2
            }
            let fallback = try ctx.parse(args, args.count - 1, expected: outputType)
            children.append(fallback)
            return Case(type: outputType ?? fallback.type, children: children)
        },
        "match": parseMatch,
        "coalesce": { (ctx: inout ParsingContext, args) throws(ExpressionError) in
            guard args.count >= 2 else { throw ctx.error("Expectected at least one argument.") }
            var outputType = ctx.expected == .value ? nil : ctx.expected
            var children: [StyleExpression] = []
            for i in 1..<args.count {
                let arg = try ctx.parse(args, i, expected: outputType, annotation: .omit)
                outputType = outputType ?? arg.type
                children.append(arg)
            }
            // With an expected type that some argument only reaches at run time, the result
            // is typed `value` so that the caller wraps it in an assertion.
            let needsAnnotation = ctx.expected.map { e in children.contains { e.mismatch($0.type) != nil || $0.type == .value } } ?? false
            return Coalesce(type: needsAnnotation ? .value : (outputType ?? .value), children: children)
        },
    ]

    private static func parseMatch(_ ctx: inout ParsingContext, _ args: [JSONValue]) throws(ExpressionError) -> StyleExpression {
        guard args.count >= 5 else {
            throw ctx.error("Expected at least 4 arguments, but found only \(args.count - 1).")
        }
        guard args.count % 2 == 1 else { throw ctx.error("Expected an even number of arguments.") }
        var inputType: ExpressionType?
        var outputType = ctx.expected == .value ? nil : ctx.expected
        var numberCases: [Double: Int] = [:]
        var stringCases: [String: Int] = [:]
        var outputs: [StyleExpression] = []
        var i = 2
        while i < args.count - 1 {
            var labels = args[i]
            if case .array(let list) = labels {
                if list.isEmpty { throw ctx.error("Expected at least one branch label.", at: i) }
            } else {
                labels = .array([labels])
            }
            for label in labels.arrayValue! {
                let labelType: ExpressionType
                switch label {
                case .number(let n):
                    guard n == n.rounded() else { throw ctx.error("Numeric branch labels must be integer values.", at: i) }
                    guard abs(n) <= 9007199254740991 else {
                        throw ctx.error("Branch labels must be integers no larger than 9007199254740991.", at: i)
                    }
                    if numberCases[n] != nil { throw ctx.error("Branch labels must be unique.", at: i) }
                    numberCases[n] = outputs.count
                    labelType = .number
                case .string(let s):
                    if stringCases[s] != nil { throw ctx.error("Branch labels must be unique.", at: i) }
                    stringCases[s] = outputs.count
                    labelType = .string
                default:
                    throw ctx.error("Branch labels must be numbers or strings.", at: i)
                }
                if let inputType, inputType != labelType {
                    throw ctx.error("Expected \(inputType) but found \(labelType) instead.", at: i)
                }
                inputType = labelType
            }
            let out = try ctx.parse(args, i + 1, expected: outputType)
            outputType = outputType ?? out.type
            outputs.append(out)
            i += 2
        }
        let input = try ctx.parse(args, 1, expected: .value)
        let fallback = try ctx.parse(args, args.count - 1, expected: outputType)
        if input.type != .value, let inputType, input.type != inputType {
            throw ctx.error("Expected \(inputType) but found \(input.type) instead.", at: 1)
        }
        return Match(type: outputType ?? fallback.type, inputType: inputType ?? .value, numberCases: numberCases,
                     stringCases: stringCases, input: input, outputs: outputs, fallback: fallback)
    }
}
