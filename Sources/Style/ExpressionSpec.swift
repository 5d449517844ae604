import JSON

/// What compiling an expression needs to know about the property it is written for: the
/// type to check against, whether feature data and zoom may be used, whether a zoom curve
/// may interpolate, and the default that replaces failed evaluations. These are the fields
/// of a property in the specification's `v8.json` that MapLibre's `createPropertyExpression`
/// reads; `PropertySpec` provides one for each style property, and `init(json:)` reads the
/// `propertySpec` of an expression test.
public struct ExpressionSpec: Sendable {
    /// The specification's type name: "number", "color", "enum", "array", "formatted", ...
    public var typeName: String?
    /// For arrays: the item type name and the fixed length, if any.
    public var itemTypeName: String?
    /// For arrays of a fixed length: the length.
    public var length: Int?
    /// `property-type` is "data-driven" (or "cross-faded-data-driven").
    public var isDataDriven: Bool
    /// `expression.parameters` contains "zoom".
    public var isZoomDependent: Bool
    /// `expression.interpolated`: a zoom curve may be `interpolate`, not only `step`.
    public var isInterpolated: Bool
    /// The property's default, which a failed evaluation gives instead.
    public var defaultValue: JSONValue?
    /// The allowed strings of an "enum" property.
    public var enumValues: [String]?
    /// The property replaces `{name}` tokens in strings (`text-field`), which legacy zoom
    /// functions turn into `concat` expressions.
    public var hasTokens: Bool

    /// A spec from the fields of `v8.json`; data-driven, zoom-dependent and interpolated unless
    /// said otherwise.
    public init(typeName: String?, itemTypeName: String? = nil, length: Int? = nil, isDataDriven: Bool = true,
                isZoomDependent: Bool = true, isInterpolated: Bool = true, defaultValue: JSONValue? = nil,
                enumValues: [String]? = nil, hasTokens: Bool = false) {
        self.typeName = typeName
        self.itemTypeName = itemTypeName
        self.length = length
        self.isDataDriven = isDataDriven
        self.isZoomDependent = isZoomDependent
        self.isInterpolated = isInterpolated
        self.defaultValue = defaultValue
        self.enumValues = enumValues
        self.hasTokens = hasTokens
    }

    /// Reads a property definition in the form of `v8.json`. Missing `property-type` and
    /// `expression` mean data-driven with zoom and feature parameters, interpolated, as the
    /// MapLibre expression-test harness assumes.
    public init(json: JSONObject) {
        typeName = json["type"]?.stringValue
        itemTypeName = json["value"]?.stringValue
        length = json["length"]?.numberValue.map { Int($0) }
        let propertyType = json["property-type"]?.stringValue ?? "data-driven"
        isDataDriven = propertyType == "data-driven" || propertyType == "cross-faded-data-driven"
        if let expression = json["expression"]?.objectValue {
            let parameters = expression["parameters"]?.arrayValue?.compactMap(\.stringValue) ?? []
            isZoomDependent = parameters.contains("zoom")
            isInterpolated = expression["interpolated"]?.boolValue ?? false
        } else {
            isZoomDependent = true
            isInterpolated = true
        }
        defaultValue = json["default"]
        switch json["values"] {
        case .object(let values)?: enumValues = values.keys
        case .array(let values)?: enumValues = values.compactMap(\.stringValue)
        default: enumValues = nil
        }
        hasTokens = json["tokens"]?.boolValue ?? false
    }

    /// The type the expression is checked against (MapLibre's `getExpectedType`); nil
    /// when the spec names no type, so that any type compiles.
    public var expectedType: ExpressionType? {
        guard let typeName else { return nil }
        if typeName == "array" {
            return .array(itemTypeName.flatMap(Self.scalarType) ?? .value, length)
        }
        return Self.scalarType(typeName)
    }

    static func scalarType(_ name: String) -> ExpressionType? {
        switch name {
        case "number": .number
        case "string", "enum": .string
        case "boolean": .boolean
        case "color": .color
        case "formatted": .formatted
        case "resolvedImage": .resolvedImage
        case "padding", "numberArray": .value
        case "variableAnchorOffsetCollection": .array(.value, nil)
        default: nil
        }
    }
}
