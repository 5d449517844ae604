import Cartouche

/// Compiled expressions evaluated over a table of features, the way the renderer evaluates
/// paint per feature: one `EvaluationContext` per feature, properties looked up through
/// interned keys. The unit is one evaluation of the whole expression for one feature.
enum ExpressionBenchmarks {
    static let featureCount = 100_000
    static let passes = 20

    /// Points with a `kind` (one of six strings) and a numeric `width`.
    static let features: FeatureProperties = {
        let kinds = ["primary", "secondary", "tertiary", "residential", "service", "track"]
        var members: [String] = []
        members.reserveCapacity(featureCount)
        for i in 0..<featureCount {
            members.append(#"{"type":"Feature","geometry":{"type":"Point","coordinates":[\#(i % 360 - 180),0]},"properties":{"kind":"\#(kinds[i % kinds.count])","width":\#(i % 7)}}"#)
        }
        let text = #"{"type":"FeatureCollection","features":["# + members.joined(separator: ",") + "]}"
        return FeatureProperties(try! GeoJSONReader.read(string: text).table)
    }()

    static func evaluations(of expression: String, spec: ExpressionSpec) -> Benchmark {
        let compiled = try! PropertyExpression.compile(JSONParser.parse(expression), spec: spec).expression
        return Benchmark(name: "expression \(expression)", unit: "evaluations") {
            let properties = features
            var ctx = EvaluationContext(zoom: 12)
            var checksum = 0.0
            for _ in 0..<passes {
                for row in 0..<featureCount {
                    ctx.feature = FeatureReference(properties, row: row)
                    if case .number(let n) = try compiled.evaluate(ctx) { checksum += n }
                }
            }
            precondition(checksum > 0)
            return Double(passes * featureCount)
        }
    }

    static var all: [Benchmark] { [
        evaluations(of: #"["get", "width"]"#, spec: ExpressionSpec(typeName: nil)),
        evaluations(of: #"["match", ["get", "kind"], "primary", 6, ["secondary", "tertiary"], 4, 1]"#,
                    spec: ExpressionSpec(typeName: "number")),
        evaluations(of: #"["interpolate", ["linear"], ["zoom"], 10, ["get", "width"], 16, ["*", 4, ["get", "width"]]]"#,
                    spec: ExpressionSpec(typeName: "number")),
    ] }
}
