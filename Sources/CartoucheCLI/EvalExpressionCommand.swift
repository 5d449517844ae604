import Foundation
import ArgumentParser
import Cartouche

/// Evaluates one expression for a list of inputs, speaking the protocol of the MapLibre
/// expression tests (`../shared/conformance/expr.py`), so that the engine can be checked
/// against them. Each input feature becomes a one-row `FeatureTable`, so evaluation goes
/// through the same `FeatureProperties` path as rendering.
struct EvalExpressionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval-expression",
        abstract: "Compile a style expression and evaluate it for inputs; print the results as JSON.",
        discussion: """
        Prints {"compiled": {"result": "success", "type", "isFeatureConstant", "isZoomConstant"}, \
        "outputs": [...]}, or {"compiled": {"result": "error", "errors": [{"key", "error"}]}} \
        and exits 1 when the expression does not compile. An input is [globals, feature]: \
        globals may hold zoom, heatmapDensity, lineProgress, accumulated, availableImages; \
        the feature properties, geometry (GeoJSON) and id.
        """
    )

    @Option(help: "The expression (JSON), or a legacy function object.")
    var expression: String

    @Option(help: "The inputs (JSON): [[globals, feature], ...].")
    var inputs: String = "[]"

    @Option(help: "The property specification (JSON, as in v8.json): type, value, length, property-type, expression, default.")
    var spec: String = "{}"

    func run() throws {
        try reportingErrors {
            let expressionJSON = try JSONParser.parse(expression)
            let specJSON = try JSONParser.parse(spec).objectValue ?? JSONObject()
            guard case .array(let inputList) = try JSONParser.parse(inputs) else {
                throw ValidationError("--inputs must be a JSON array of [globals, feature] pairs")
            }
            let compiled: PropertyExpression
            do {
                compiled = try PropertyExpression.compile(expressionJSON, spec: ExpressionSpec(json: specJSON))
            } catch let error as ExpressionError {
                let failure: JSONValue = ["compiled": ["result": "error",
                                                       "errors": [["key": .string(error.key), "error": .string(error.message)]]]]
                print(JSONWriter().string(failure))
                throw ExitCode.failure
            }
            let e = compiled.expression
            var outputs: [JSONValue] = []
            for input in inputList {
                outputs.append(try Self.evaluate(compiled, input))
            }
            let result: JSONValue = [
                "compiled": ["result": "success", "type": .string(e.type.description),
                             "isFeatureConstant": .bool(e.isFeatureConstant), "isZoomConstant": .bool(e.isZoomConstant)],
                "outputs": .array(outputs),
            ]
            print(JSONWriter().string(result))
        }
    }

    static func evaluate(_ compiled: PropertyExpression, _ input: JSONValue) throws -> JSONValue {
        let globals = input.arrayValue?.first?.objectValue ?? JSONObject()
        let featureJSON = (input.arrayValue?.count ?? 0) > 1 ? input.arrayValue![1].objectValue ?? JSONObject() : JSONObject()
        var ctx = EvaluationContext(zoom: globals["zoom"]?.numberValue ?? 0)
        ctx.heatmapDensity = globals["heatmapDensity"]?.numberValue
        ctx.lineProgress = globals["lineProgress"]?.numberValue
        ctx.accumulated = globals["accumulated"]?.numberValue
        ctx.feature = FeatureReference(FeatureProperties(try table(for: featureJSON)), row: 0)
        let available = Set(globals["availableImages"]?.arrayValue?.compactMap(\.stringValue) ?? [])
        do throws(EvaluationError) {
            return output(try compiled.expression.evaluate(ctx), availableImages: available)
        } catch {
            return ["error": .string(error.message)]
        }
    }

    /// A one-row table for a test feature. Geometry that GeoJSON rejects (a ring of three
    /// positions) is dropped, as a feature without geometry still has its properties and id.
    static func table(for feature: JSONObject) throws -> FeatureTable {
        var object = JSONObject([.init(key: "type", value: "Feature"),
                                 .init(key: "geometry", value: feature["geometry"] ?? .null),
                                 .init(key: "properties", value: feature["properties"] ?? .object(JSONObject()))])
        if let id = feature["id"] { object["id"] = id }
        let table = try GeoJSONReader.read(string: JSONWriter().string(.object(object))).table
        if table.count == 1 { return table }
        object["geometry"] = .null
        return try GeoJSONReader.read(string: JSONWriter().string(.object(object))).table
    }

    /// A value as the expression tests write it: colours as premultiplied `[r, g, b, a]` in
    /// 0...1, images as `{name, available}`, formatted text as its sections.
    static func output(_ value: Value, availableImages: Set<String>) -> JSONValue {
        switch value {
        case .color(let c): return colorArray(c)
        case .array(let items): return .array(items.map { output($0, availableImages: availableImages) })
        case .image(let name): return ["name": .string(name), "available": .bool(availableImages.contains(name))]
        case .formatted(let f):
            return ["sections": .array(f.sections.map { s in
                [
                    "text": .string(s.text),
                    "image": s.image.map { ["name": .string($0), "available": .bool(availableImages.contains($0))] } ?? .null,
                    "scale": s.scale.map(JSONValue.number) ?? .null,
                    "fontStack": s.fontStack.map { .string($0.joined(separator: ",")) } ?? .null,
                    "textColor": s.textColor.map(colorObject) ?? .null,
                ]
            })]
        default: return value.json
        }
    }

    static func colorArray(_ c: Color) -> JSONValue {
        [.number(c.r * c.a), .number(c.g * c.a), .number(c.b * c.a), .number(c.a)]
    }

    static func colorObject(_ c: Color) -> JSONValue {
        ["r": .number(c.r * c.a), "g": .number(c.g * c.a), "b": .number(c.b * c.a), "a": .number(c.a)]
    }
}
