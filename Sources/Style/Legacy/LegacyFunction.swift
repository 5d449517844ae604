import JSON

/// Legacy property functions (`{"stops": ..., "property": ..., "type": ..., "base": ...}`),
/// the form styles used before expressions, rewritten as the equivalent expression JSON the
/// way MapLibre's `convertFunction` does, so that they compile and evaluate like any other
/// expression:
///
/// - zoom functions become `interpolate`/`step` over `["zoom"]`;
/// - property functions become `interpolate`/`step` over `["number", ["get", p]]` (with a
///   `case` on the type when there is a `default`), `match` for categorical stops (`case`
///   for boolean ones), and an assertion or `to-color` for identity functions;
/// - zoom-and-property functions (stops keyed `{"zoom", "value"}`) become a zoom curve of
///   property functions, linear for interpolatable properties and a step otherwise.
public enum LegacyFunction {
    /// Any object where a property value is expected is a legacy function.
    public static func isFunction(_ json: JSONValue) -> Bool {
        if case .object = json { return true }
        return false
    }

    /// The expression equivalent to a legacy function, for a property of `spec`; other JSON is
    /// returned as it is.
    public static func convert(_ json: JSONValue, spec: ExpressionSpec) throws(ExpressionError) -> JSONValue {
        guard case .object(let function) = json else { return json }
        let type = function["type"]?.stringValue
        if let type, !["identity", "exponential", "interval", "categorical"].contains(type) {
            throw fail("unknown function type \"\(type)\"; expected exponential, interval, categorical or identity")
        }
        if let base = function["base"], base.numberValue == nil { throw fail("\"base\" must be a number") }
        let property = function["property"]
        if let property, property.stringValue == nil { throw fail("\"property\" must be a string") }
        guard let stopsJSON = function["stops"] else {
            guard type == "identity" || type == nil, let property else {
                throw fail("a function needs \"stops\", or \"type\": \"identity\" with a \"property\"")
            }
            return identity(property, function["default"], spec)
        }
        if type == "identity" { throw fail("an identity function takes no \"stops\"") }
        guard case .array(let rawStops) = stopsJSON, !rawStops.isEmpty else {
            throw fail("\"stops\" must be a non-empty array of [input, output] pairs")
        }
        var stops: [(input: JSONValue, output: JSONValue)] = []
        for stop in rawStops {
            guard case .array(let pair) = stop, pair.count == 2 else {
                throw fail("each stop must be an [input, output] pair")
            }
            stops.append((pair[0], pair[1]))
        }
        let zoomAndProperty: Bool
        if case .object = stops[0].input { zoomAndProperty = true } else { zoomAndProperty = false }
        let propertyDependent = zoomAndProperty || property != nil
        stops = stops.map { stop in
            if !propertyDependent, spec.hasTokens, case .string(let text) = stop.output {
                return (stop.input, tokenExpression(text))
            }
            return (stop.input, literal(stop.output))
        }
        if zoomAndProperty {
            return try zoomAndPropertyFunction(function, stops, spec)
        }
        if propertyDependent {
            return try propertyFunction(function, stops, spec)
        }
        return try zoomFunction(function, stops, spec)
    }

    static func fail(_ message: String) -> ExpressionError {
        ExpressionError(key: "", message: "legacy function: \(message)")
    }

    /// Objects and arrays in stops are constants, not expressions.
    static func literal(_ value: JSONValue) -> JSONValue {
        switch value {
        case .object, .array, .null: ["literal", value]
        default: value
        }
    }

    static func functionType(_ function: JSONObject, _ spec: ExpressionSpec) -> String {
        function["type"]?.stringValue ?? (spec.isInterpolated ? "exponential" : "interval")
    }

    static func interpolateOperator(_ function: JSONObject) -> JSONValue {
        switch function["colorSpace"]?.stringValue {
        case "hcl": "interpolate-hcl"
        case "lab": "interpolate-lab"
        default: "interpolate"
        }
    }

    static func interpolation(_ function: JSONObject) -> JSONValue {
        let base = function["base"]?.numberValue ?? 1
        return base == 1 ? ["linear"] : ["exponential", .number(base)]
    }

    static func identity(_ property: JSONValue, _ defaultValue: JSONValue?, _ spec: ExpressionSpec) -> JSONValue {
        let get: JSONValue = ["get", property]
        guard let defaultValue else {
            // String properties coerce by default; a legacy identity function asserts.
            return spec.typeName == "string" ? ["string", get] : get
        }
        switch spec.typeName {
        case "enum":
            // A value outside the enumeration takes the default.
            guard let values = spec.enumValues, !values.isEmpty else { return ["string", get, literal(defaultValue)] }
            return ["match", get, .array(values.map(JSONValue.string)), get, literal(defaultValue)]
        case "color":
            return ["to-color", get, literal(defaultValue)]
        case "array":
            let length = spec.length.map { JSONValue.number(Double($0)) } ?? .null
            return ["array", .string(spec.itemTypeName ?? "number"), length, get, literal(defaultValue)]
        case let name?:
            return [.string(name), get, literal(defaultValue)]
        case nil:
            return ["coalesce", get, literal(defaultValue)]
        }
    }

    /// The output when no stop matches: the function's default, else the property's.
    static func fallback(_ function: JSONObject, _ spec: ExpressionSpec) -> JSONValue {
        if let d = function["default"] ?? spec.defaultValue { return literal(d) }
        return spec.typeName == "resolvedImage" ? "" : ["literal", .null]
    }

    /// Appends a stop to a curve, skipping repeated inputs (functions allowed them) and
    /// the first input of a step (it is implied).
    static func append(_ curve: inout [JSONValue], _ input: JSONValue, _ output: JSONValue, isStep: Bool) {
        if curve.count > 3, input == curve[curve.count - 2] { return }
        if !(isStep && curve.count == 2) { curve.append(input) }
        curve.append(output)
    }

    /// A step with a single output gets a no-op stop so that it is a valid expression.
    static func fixDegenerateStep(_ curve: inout [JSONValue]) {
        if curve.first == "step", curve.count == 3 {
            curve.append(0)
            curve.append(curve[2])
        }
    }

    static func zoomFunction(_ function: JSONObject, _ stops: [(input: JSONValue, output: JSONValue)],
                             _ spec: ExpressionSpec) throws(ExpressionError) -> JSONValue {
        var curve: [JSONValue]
        let isStep: Bool
        switch functionType(function, spec) {
        case "interval":
            curve = ["step", ["zoom"]]
            isStep = true
        case "exponential":
            curve = [interpolateOperator(function), interpolation(function), ["zoom"]]
            isStep = false
        case let type:
            throw fail("a zoom function must be exponential or interval, not \(type)")
        }
        for stop in stops {
            guard stop.input.numberValue != nil else { throw fail("zoom stops must have numeric inputs") }
            append(&curve, stop.input, stop.output, isStep: isStep)
        }
        fixDegenerateStep(&curve)
        return .array(curve)
    }

    static func propertyFunction(_ function: JSONObject, _ stops: [(input: JSONValue, output: JSONValue)],
                                 _ spec: ExpressionSpec) throws(ExpressionError) -> JSONValue {
        guard let property = function["property"] else { throw fail("a property function needs \"property\"") }
        let get: JSONValue = ["get", property]
        let type = functionType(function, spec)
        /// Numeric curves fall back to the function's default for non-numeric input.
        func guarded(_ curve: JSONValue) -> JSONValue {
            guard let d = function["default"] else { return curve }
            return ["case", ["==", ["typeof", get], "number"], curve, literal(d)]
        }
        switch type {
        case "categorical":
            if case .bool = stops[0].input {
                var expression: [JSONValue] = ["case"]
                for stop in stops {
                    expression.append(["==", get, stop.input])
                    expression.append(stop.output)
                }
                expression.append(fallback(function, spec))
                return .array(expression)
            }
            var expression: [JSONValue] = ["match", get]
            for stop in stops {
                guard stop.input.numberValue != nil || stop.input.stringValue != nil else {
                    throw fail("categorical stops must have string, number or boolean inputs")
                }
                append(&expression, stop.input, stop.output, isStep: false)
            }
            expression.append(fallback(function, spec))
            return .array(expression)
        case "interval", "exponential":
            let isStep = type == "interval"
            var curve: [JSONValue] = isStep
                ? ["step", ["number", get]]
                : [interpolateOperator(function), interpolation(function), ["number", get]]
            for stop in stops {
                guard stop.input.numberValue != nil else { throw fail("\(type) stops must have numeric inputs") }
                append(&curve, stop.input, stop.output, isStep: isStep)
            }
            fixDegenerateStep(&curve)
            return guarded(.array(curve))
        case let type:
            throw fail("a property function cannot be of type \(type)")
        }
    }

    static func zoomAndPropertyFunction(_ function: JSONObject, _ stops: [(input: JSONValue, output: JSONValue)],
                                        _ spec: ExpressionSpec) throws(ExpressionError) -> JSONValue {
        var zooms: [Double] = []
        var stopsByZoom: [Double: [(input: JSONValue, output: JSONValue)]] = [:]
        for stop in stops {
            guard case .object(let key) = stop.input, let zoom = key["zoom"]?.numberValue, let value = key["value"] else {
                throw fail("zoom-and-property stops must have {\"zoom\", \"value\"} inputs")
            }
            if stopsByZoom[zoom] == nil { zooms.append(zoom) }
            stopsByZoom[zoom, default: []].append((value, stop.output))
        }
        let isStep = !spec.isInterpolated
        var curve: [JSONValue] = isStep ? ["step", ["zoom"]] : [interpolateOperator(function), ["linear"], ["zoom"]]
        for zoom in zooms {
            let output = try propertyFunction(function, stopsByZoom[zoom]!, spec)
            append(&curve, .number(zoom), output, isStep: isStep)
        }
        fixDegenerateStep(&curve)
        return .array(curve)
    }

    /// `"{name} km"` → `["concat", ["get", "name"], " km"]`, as MapLibre reads tokens.
    static func tokenExpression(_ text: String) -> JSONValue {
        var parts: [JSONValue] = []
        var literalText = ""
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "{") {
            let afterOpen = rest.index(after: open)
            guard let close = rest[afterOpen...].firstIndex(where: { $0 == "}" || $0 == "{" }), rest[close] == "}",
                  close > afterOpen else {
                literalText += rest[...open]
                rest = rest[afterOpen...]
                continue
            }
            literalText += rest[..<open]
            if !literalText.isEmpty { parts.append(.string(literalText)) }
            literalText = ""
            parts.append(["get", .string(String(rest[afterOpen..<close]))])
            rest = rest[rest.index(after: close)...]
        }
        literalText += rest
        if parts.isEmpty { return .string(text) }
        if !literalText.isEmpty { parts.append(.string(literalText)) } else if parts.count == 1 { return ["to-string", parts[0]] }
        return .array(["concat"] + parts)
    }
}
