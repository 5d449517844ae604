/// A JSON document as a plain value.
///
/// Styles, layouts, job files and GeoJSON properties are all read into this one type.
/// Numbers are `Double`, as in JavaScript and in the MapLibre style specification.
public enum JSONValue: Sendable, Hashable {
    /// `null`.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// A number; JSON has no integers of its own.
    case number(Double)
    /// A string, unescaped.
    case string(String)
    /// An array, in order.
    case array([JSONValue])
    /// An object, its members in document order.
    case object(JSONObject)

    /// Whether the value is `null`.
    public var isNull: Bool { if case .null = self { true } else { false } }

    /// The boolean, or nil when the value is not one (no conversion from other types).
    public var boolValue: Bool? { if case .bool(let b) = self { b } else { nil } }
    /// The number, or nil when the value is not one.
    public var numberValue: Double? { if case .number(let n) = self { n } else { nil } }
    /// The string, or nil when the value is not one.
    public var stringValue: String? { if case .string(let s) = self { s } else { nil } }
    /// The elements, or nil when the value is not an array.
    public var arrayValue: [JSONValue]? { if case .array(let a) = self { a } else { nil } }
    /// The object, or nil when the value is not one.
    public var objectValue: JSONObject? { if case .object(let o) = self { o } else { nil } }

    /// The member `key` of an object, or nil for a missing key or a value that is not an object.
    public subscript(key: String) -> JSONValue? {
        if case .object(let o) = self { return o[key] }
        return nil
    }

    /// The name of this value's JSON type, as used in error messages ("found string").
    public var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .number: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }

    /// A short rendering of the value for error messages: `"wide"`, `12`, `[…]`, `{…}`.
    public var brief: String {
        switch self {
        case .null: "null"
        case .bool(let b): b ? "true" : "false"
        case .number(let n): formatJSONNumber(n)
        case .string(let s): s.count > 40 ? "\"\(s.prefix(37))…\"" : "\"\(s)\""
        case .array(let a): a.isEmpty ? "[]" : "[…]"
        case .object(let o): o.isEmpty ? "{}" : "{…}"
        }
    }
}

extension JSONValue: ExpressibleByNilLiteral, ExpressibleByBooleanLiteral, ExpressibleByFloatLiteral,
    ExpressibleByIntegerLiteral, ExpressibleByStringLiteral, ExpressibleByArrayLiteral,
    ExpressibleByDictionaryLiteral
{
    /// `nil` written where a `JSONValue` is expected: `null`.
    public init(nilLiteral: ()) { self = .null }
    /// `true` or `false` written where a `JSONValue` is expected.
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    /// A floating-point literal written where a `JSONValue` is expected.
    public init(floatLiteral value: Double) { self = .number(value) }
    /// An integer literal written where a `JSONValue` is expected, as a number.
    public init(integerLiteral value: Int) { self = .number(Double(value)) }
    /// A string literal written where a `JSONValue` is expected.
    public init(stringLiteral value: String) { self = .string(value) }
    /// An array literal written where a `JSONValue` is expected: `["get", "name"]`.
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    /// A dictionary literal written where a `JSONValue` is expected, its members kept in the
    /// order written: `["type": "line", "source": "roads"]`.
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(JSONObject(elements.map { JSONObject.Entry(key: $0.0, value: $0.1) }))
    }
}
