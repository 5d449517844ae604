#if canImport(Glibc)
import Glibc
#endif
import JSON

/// How `interpolate` moves between stops.
public enum Interpolation: Sendable, Equatable {
    /// In proportion to the input.
    case linear
    /// Exponentially, faster towards the upper stop for `base` above 1.
    case exponential(base: Double)
    /// Along a cubic Bézier easing curve.
    case cubicBezier(UnitBezier)

    /// The fraction (0...1) of the way from `lower` to `upper` that `input` is.
    public func factor(_ input: Double, _ lower: Double, _ upper: Double) -> Double {
        let difference = upper - lower
        let progress = input - lower
        guard difference != 0 else { return 0 }
        switch self {
        case .linear:
            return progress / difference
        case .exponential(let base):
            if base == 1 { return progress / difference }
            return (pow(base, progress) - 1) / (pow(base, difference) - 1)
        case .cubicBezier(let curve):
            return curve.solve(progress / difference)
        }
    }
}

/// The colour space `interpolate` blends colours in.
public enum ColorSpace: Sendable {
    /// sRGB channels (`interpolate`), CIE HCL (`interpolate-hcl`) or CIE Lab (`interpolate-lab`).
    case rgb, hcl, lab
}

/// `["interpolate", interpolation, input, stop, output, ...]` and its `-hcl`/`-lab` forms.
public final class Interpolate: StyleExpression, @unchecked Sendable {
    /// How values move between stops.
    public let interpolation: Interpolation
    /// The colour space colours are blended in.
    public let colorSpace: ColorSpace
    /// The stop inputs, ascending.
    public let stops: [Double]

    init(type: ExpressionType, interpolation: Interpolation, colorSpace: ColorSpace, input: StyleExpression,
         stops: [Double], outputs: [StyleExpression]) {
        self.interpolation = interpolation
        self.colorSpace = colorSpace
        self.stops = stops
        super.init(type: type, children: [input] + outputs)
    }

    /// The output interpolated between the two stops around the input (the first or last
    /// output outside them).
    public override func evaluate(_ ctx: EvaluationContext) throws(EvaluationError) -> Value {
        guard case .number(let x) = try children[0].evaluate(ctx) else {
            throw EvaluationError("Expected value to be of type number.")
        }
        let n = stops.count
        if n == 1 || x <= stops[0] { return try children[1].evaluate(ctx) }
        if x >= stops[n - 1] { return try children[n].evaluate(ctx) }
        // MapLibre's stop search throws for NaN; the property then takes its default.
        guard !x.isNaN else { throw EvaluationError("Input is not a number.") }
        let i = stopIndex(stops, x)
        let t = interpolation.factor(x, stops[i], stops[i + 1])
        let a = try children[i + 1].evaluate(ctx)
        let b = try children[i + 2].evaluate(ctx)
        return try Interpolate.blend(a, b, t, colorSpace)
    }

    static func blend(_ a: Value, _ b: Value, _ t: Double, _ space: ColorSpace) throws(EvaluationError) -> Value {
        switch (a, b) {
        case (.number(let x), .number(let y)):
            return .number(x + (y - x) * t)
        case (.color(let x), .color(let y)):
            return .color(interpolateColor(x, y, t, space))
        case (.array(let xs), .array(let ys)) where xs.count == ys.count:
            var out: [Value] = []
            for (x, y) in zip(xs, ys) { out.append(try blend(x, y, t, space)) }
            return .array(out)
        default:
            throw EvaluationError("Cannot interpolate between \(a.type) and \(b.type).")
        }
    }
}

/// The index of the last stop at or below `x` (stops ascend).
func stopIndex(_ stops: [Double], _ x: Double) -> Int {
    var lo = 0
    var hi = stops.count - 1
    while lo <= hi {
        let mid = (lo + hi) / 2
        if stops[mid] <= x {
            if mid == stops.count - 1 || x < stops[mid + 1] { return mid }
            lo = mid + 1
        } else {
            hi = mid - 1
        }
    }
    return 0
}

/// `["step", input, output0, stop1, output1, ...]`.
public final class Step: StyleExpression, @unchecked Sendable {
    /// The stop inputs, ascending.
    public let stops: [Double]

    init(type: ExpressionType, input: StyleExpression, stops: [Double], outputs: [StyleExpression]) {
        self.stops = stops
        super.init(type: type, children: [input] + outputs)
    }

    /// The output of the last stop at or below the input (`output0` below the first).
    public override func evaluate(_ ctx: EvaluationContext) throws(EvaluationError) -> Value {
        guard case .number(let x) = try children[0].evaluate(ctx) else {
            throw EvaluationError("Expected value to be of type number.")
        }
        guard !x.isNaN else { throw EvaluationError("Input is not a number.") }
        // stops[0] is -infinity, the start of output0.
        return try children[stopIndex(stops, x) + 1].evaluate(ctx)
    }
}

extension Operators {
    static let rampOperators: [String: Parser] = [
        "interpolate": { (ctx: inout ParsingContext, args) throws(ExpressionError) in try parseInterpolate(&ctx, args, .rgb) },
        "interpolate-hcl": { (ctx: inout ParsingContext, args) throws(ExpressionError) in try parseInterpolate(&ctx, args, .hcl) },
        "interpolate-lab": { (ctx: inout ParsingContext, args) throws(ExpressionError) in try parseInterpolate(&ctx, args, .lab) },
        "step": parseStep,
    ]

    private static func parseInterpolate(_ ctx: inout ParsingContext, _ args: [JSONValue], _ space: ColorSpace) throws(ExpressionError) -> StyleExpression {
        let name = args[0].stringValue ?? "interpolate"
        guard args.count >= 5 else {
            throw ctx.error("Expected at least 4 arguments, but found only \(args.count - 1).")
        }
        guard case .array(let spec) = args[1], case .string(let kind)? = spec.first else {
            throw ctx.error("Expected an interpolation type expression.", at: 1)
        }
        let interpolation: Interpolation
        switch kind {
        case "linear": interpolation = .linear
        case "exponential":
            guard spec.count == 2, case .number(let base) = spec[1] else {
                throw ctx.child(1, expected: nil).error("Exponential interpolation requires a numeric base.", at: 1)
            }
            interpolation = .exponential(base: base)
        case "cubic-bezier":
            let numbers = spec.dropFirst().compactMap(\.numberValue)
            guard spec.count == 5, numbers.count == 4, numbers.allSatisfy({ $0 >= 0 && $0 <= 1 }) else {
                throw ctx.child(1, expected: nil).error("Cubic bezier interpolation requires four numeric arguments with values between 0 and 1.")
            }
            interpolation = .cubicBezier(UnitBezier(numbers[0], numbers[1], numbers[2], numbers[3]))
        default:
            throw ctx.child(1, expected: nil).error("Unknown interpolation type \(kind)", at: 0)
        }
        guard (args.count - 3) % 2 == 0 else { throw ctx.error("Expected an even number of arguments.") }
        let input = try ctx.parse(args, 2, expected: .number)
        var outputType: ExpressionType? = ctx.expected == .value ? nil : ctx.expected
        if name != "interpolate" { outputType = .color }
        var stops: [Double] = []
        var outputs: [StyleExpression] = []
        var i = 3
        while i < args.count {
            guard case .number(let stop) = args[i] else {
                throw ctx.error("Input/output pairs for \"\(name)\" expressions must be defined using literal numeric values (not computed expressions) for the input values.", at: i)
            }
            if let last = stops.last, last >= stop {
                throw ctx.error("Input/output pairs for \"\(name)\" expressions must be arranged with input values in strictly ascending order.", at: i)
            }
            stops.append(stop)
            let out = try ctx.parse(args, i + 1, expected: outputType)
            outputType = outputType ?? out.type
            outputs.append(out)
            i += 2
        }
        let type = outputType ?? .number
        switch type {
        case .number, .color: break
        case .array(.number, let n?) where n > 0: break
        default:
            throw ctx.error("Type \(type) is not interpolatable.")
        }
        return Interpolate(type: type, interpolation: interpolation, colorSpace: space, input: input, stops: stops, outputs: outputs)
    }

    private static func parseStep(_ ctx: inout ParsingContext, _ args: [JSONValue]) throws(ExpressionError) -> StyleExpression {
        guard args.count >= 5 || args.count == 3 else {
            throw ctx.error("Expected at least 4 arguments, but found only \(args.count - 1).")
        }
        guard (args.count - 1) % 2 == 0 else { throw ctx.error("Expected an even number of arguments.") }
        let input = try ctx.parse(args, 1, expected: .number)
        var outputType: ExpressionType? = ctx.expected == .value ? nil : ctx.expected
        var stops: [Double] = [-.infinity]
        let first = try ctx.parse(args, 2, expected: outputType)
        outputType = outputType ?? first.type
        var outputs = [first]
        var i = 3
        while i < args.count {
            guard case .number(let stop) = args[i] else {
                throw ctx.error("Input/output pairs for \"step\" expressions must be defined using literal numeric values (not computed expressions) for the input values.", at: i)
            }
            if let last = stops.last, last >= stop {
                throw ctx.error("Input/output pairs for \"step\" expressions must be arranged with input values in strictly ascending order.", at: i)
            }
            stops.append(stop)
            outputs.append(try ctx.parse(args, i + 1, expected: outputType))
            i += 2
        }
        return Step(type: outputType ?? .value, input: input, stops: stops, outputs: outputs)
    }
}

/// A CSS-style cubic Bézier easing curve from (0,0) to (1,1), solved for y at a given x.
public struct UnitBezier: Sendable, Equatable {
    let cx, bx, ax, cy, by, ay: Double

    /// The curve with control points (p1x, p1y) and (p2x, p2y), as CSS's `cubic-bezier()`.
    public init(_ p1x: Double, _ p1y: Double, _ p2x: Double, _ p2y: Double) {
        cx = 3 * p1x
        bx = 3 * (p2x - p1x) - cx
        ax = 1 - cx - bx
        cy = 3 * p1y
        by = 3 * (p2y - p1y) - cy
        ay = 1 - cy - by
    }

    func sampleX(_ t: Double) -> Double { ((ax * t + bx) * t + cx) * t }
    func sampleY(_ t: Double) -> Double { ((ay * t + by) * t + cy) * t }
    func sampleDerivativeX(_ t: Double) -> Double { (3 * ax * t + 2 * bx) * t + cx }

    func solveCurveX(_ x: Double, epsilon: Double = 1e-6) -> Double {
        var t = x
        for _ in 0..<8 {
            let x2 = sampleX(t) - x
            if abs(x2) < epsilon { return t }
            let d2 = sampleDerivativeX(t)
            if abs(d2) < 1e-6 { break }
            t -= x2 / d2
        }
        var t0 = 0.0, t1 = 1.0
        t = x
        if t < t0 { return t0 }
        if t > t1 { return t1 }
        while t0 < t1 {
            let x2 = sampleX(t)
            if abs(x2 - x) < epsilon { return t }
            if x > x2 { t0 = t } else { t1 = t }
            t = (t1 - t0) * 0.5 + t0
        }
        return t
    }

    /// The curve's y at `x`, x in 0...1.
    public func solve(_ x: Double) -> Double { sampleY(solveCurveX(x)) }
}
