/// The static type of an expression, in the specification's terms.
public indirect enum ExpressionType: Sendable, Hashable, CustomStringConvertible {
    /// The types of the specification's type system; `value` is any, `error` what a failed
    /// branch gives.
    case null, number, string, boolean, color, object, value, formatted, resolvedImage, collator, error
    /// An array of an item type, with a fixed length when known.
    case array(ExpressionType, Int?)

    /// `array`: an array of any items and any length.
    public static let anyArray = ExpressionType.array(.value, nil)

    /// "number", "array<number, 4>", "array<string>", "array".
    public var description: String {
        switch self {
        case .null: "null"
        case .number: "number"
        case .string: "string"
        case .boolean: "boolean"
        case .color: "color"
        case .object: "object"
        case .value: "value"
        case .formatted: "formatted"
        case .resolvedImage: "resolvedImage"
        case .collator: "collator"
        case .error: "error"
        case .array(let item, let n):
            if let n { "array<\(item), \(n)>" } else if item == .value { "array" } else { "array<\(item)>" }
        }
    }

    /// Types a `value` is checked against at run time where one is expected.
    var isAsserted: Bool {
        switch self {
        case .string, .number, .boolean, .object, .array: true
        default: false
        }
    }

    /// Types that `value` and `string` results are converted to where one is expected.
    var isCoerced: Bool {
        switch self {
        case .color, .formatted, .resolvedImage: true
        default: false
        }
    }

    /// nil if a value of type `t` may be used where `self` is expected, else the error text.
    /// `value` accepts anything but errors; an array type accepts arrays of a matching item
    /// type and length.
    public func mismatch(_ t: ExpressionType) -> String? {
        if isAssignable(from: t) { return nil }
        return "Expected \(self) but found \(t) instead."
    }

    /// Whether a value of type `t` may be used where this type is expected (`value` takes any;
    /// an array takes one of a narrower item type and the same length).
    public func isAssignable(from t: ExpressionType) -> Bool {
        switch (self, t) {
        case (_, .error): return true
        case (.value, _): return t != .error
        case (.array(let a, let n), .array(let b, let m)):
            return (n == nil || n == m) && (a == .value || a.isAssignable(from: b)) && (a != .value || b != .error)
        default: return self == t
        }
    }
}
