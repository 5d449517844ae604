import JSON

/// An expression compiled for one property, shaped by what the property allows, as
/// MapLibre's `createPropertyExpression` does: feature data only where the property is
/// data-driven, zoom only where it may change with zoom and then only as the input of one
/// top-level `step` or `interpolate` (the zoom curve), and `interpolate` on zoom only for
/// interpolatable properties. Legacy functions (`{"stops": ...}`) are converted first.
public struct PropertyExpression: Sendable {
    /// The compiled expression.
    public let expression: StyleExpression

    /// Compiles `json` (an expression, a constant or a legacy function) for `spec`.
    public static func compile(_ json: JSONValue, spec: ExpressionSpec) throws(ExpressionError) -> PropertyExpression {
        let source = LegacyFunction.isFunction(json) ? try LegacyFunction.convert(json, spec: spec) : json
        let expression = try ParsingContext.compile(source, expected: spec.expectedType,
                                                    annotation: spec.typeName == "string" ? .coerce : nil)
        if !expression.isFeatureConstant && !spec.isDataDriven {
            throw ExpressionError(key: "", message: "data expressions not supported")
        }
        if !expression.isZoomConstant {
            guard spec.isZoomDependent else { throw ExpressionError(key: "", message: "zoom expressions not supported") }
            let curve = try zoomCurve(expression)
            guard let curve else { throw ExpressionError(key: "", message: Self.misplacedZoom) }
            if curve is Interpolate && !spec.isInterpolated {
                throw ExpressionError(key: "", message: "\"interpolate\" expressions cannot be used with this property")
            }
        }
        return PropertyExpression(expression: expression)
    }

    static let misplacedZoom = "\"zoom\" expression may only be used as input to a top-level \"step\" or \"interpolate\" expression."

    /// The `step` or `interpolate` whose input is `["zoom"]`, found at the top of the
    /// expression or under `let` and `coalesce`; an error when zoom is used anywhere else.
    static func zoomCurve(_ e: StyleExpression) throws(ExpressionError) -> StyleExpression? {
        var result: StyleExpression?
        if let l = e as? Let {
            result = try zoomCurve(l.children[l.children.count - 1])
        } else if e is Coalesce {
            for child in e.children {
                result = try zoomCurve(child)
                if result != nil { break }
            }
        } else if e is Step || e is Interpolate, let input = e.children.first as? Environment, input.kind == .zoom {
            result = e
        }
        for child in e.children {
            let found = try zoomCurve(child)
            if found != nil, result == nil {
                throw ExpressionError(key: "", message: misplacedZoom)
            }
            if let found, let result, found !== result {
                throw ExpressionError(key: "", message: "Only one zoom-based \"step\" or \"interpolate\" subexpression may be used in an expression.")
            }
        }
        return result
    }
}
