import JSON

/// A value at run time: what an expression produces and what feature properties hold.
public enum Value: Sendable, Hashable {
    /// `null`: a missing property, or a failed lookup.
    case null
    /// A boolean.
    case bool(Bool)
    /// A number.
    case number(Double)
    /// A string.
    case string(String)
    /// A colour, made by `to-color`, `rgb` or a colour property.
    case color(Color)
    /// An array.
    case array([Value])
    /// An object (a property that holds JSON).
    case object(JSONObject)
    /// Rich text made by `format`.
    case formatted(Formatted)
    /// Comparison settings made by `collator`.
    case collator(Collator)
    /// An image name resolved by `image`.
    case image(String)

    /// The value of a JSON literal or property.
    public init(_ json: JSONValue) {
        switch json {
        case .null: self = .null
        case .bool(let b): self = .bool(b)
        case .number(let n): self = .number(n)
        case .string(let s): self = .string(s)
        case .array(let a): self = .array(a.map(Value.init))
        case .object(let o): self = .object(o)
        }
    }

    /// The value's type in the expression type system (arrays with their item type and length).
    public var type: ExpressionType {
        switch self {
        case .null: .null
        case .bool: .boolean
        case .number: .number
        case .string: .string
        case .color: .color
        case .object: .object
        case .formatted: .formatted
        case .collator: .collator
        case .image: .resolvedImage
        case .array(let items):
            .array(Value.commonType(of: items), items.count)
        }
    }

    /// The item type shared by every element, or `value`.
    static func commonType(of items: [Value]) -> ExpressionType {
        guard let first = items.first?.type else { return .value }
        for item in items.dropFirst() where item.type != first { return .value }
        return first
    }

    /// The number, or nil when the value is not one.
    public var numberValue: Double? { if case .number(let n) = self { n } else { nil } }
    /// The string, or nil when the value is not one.
    public var stringValue: String? { if case .string(let s) = self { s } else { nil } }
    /// The boolean, or nil when the value is not one.
    public var boolValue: Bool? { if case .bool(let b) = self { b } else { nil } }
    /// The colour, or nil when the value is not one.
    public var colorValue: Color? { if case .color(let c) = self { c } else { nil } }
    /// The elements, or nil when the value is not an array.
    public var arrayValue: [Value]? { if case .array(let a) = self { a } else { nil } }

    /// The value as JSON (colours as `rgba(...)` strings, formatted text as its plain string).
    public var json: JSONValue {
        switch self {
        case .null: .null
        case .bool(let b): .bool(b)
        case .number(let n): .number(n)
        case .string(let s): .string(s)
        case .color(let c): .string(c.description)
        case .array(let a): .array(a.map(\.json))
        case .object(let o): .object(o)
        case .formatted(let f): .string(f.plainText)
        case .collator: .object(JSONObject())
        case .image(let name): .string(name)
        }
    }

    /// `to-string` semantics: how MapLibre turns any value into text.
    public var text: String {
        switch self {
        case .null: ""
        case .bool(let b): b ? "true" : "false"
        case .number(let n): formatJSONNumber(n)
        case .string(let s): s
        case .color(let c): c.description
        case .formatted(let f): f.plainText
        case .image(let name): name
        case .collator: ""
        case .array, .object: JSONWriter().string(json)
        }
    }
}

/// Rich text from `format`: sections with their own font, scale and colour.
public struct Formatted: Sendable, Hashable {
    /// One piece of text, or an image, with its own settings.
    public struct Section: Sendable, Hashable {
        /// The text; empty for an image section.
        public var text: String
        /// An inline image's name, for an image section.
        public var image: String?
        /// `font-scale`: a size relative to the label's `text-size`.
        public var scale: Double?
        /// `text-font`: a font stack of its own.
        public var fontStack: [String]?
        /// `text-color`: a colour of its own.
        public var textColor: Color?

        /// A section; what is nil takes the label's setting.
        public init(text: String, image: String? = nil, scale: Double? = nil, fontStack: [String]? = nil, textColor: Color? = nil) {
            self.text = text
            self.image = image
            self.scale = scale
            self.fontStack = fontStack
            self.textColor = textColor
        }
    }

    /// The sections, in reading order.
    public var sections: [Section]

    /// Formatted text from its sections.
    public init(sections: [Section]) { self.sections = sections }
    /// Formatted text of one plain section.
    public init(text: String) { sections = [Section(text: text)] }

    /// The text without its formatting, as `to-string` gives it.
    public var plainText: String { sections.map(\.text).joined() }
}

/// String comparison settings from `collator`.
public struct Collator: Sendable, Hashable {
    /// Whether upper and lower case letters differ.
    public var caseSensitive: Bool
    /// Whether accented letters differ from plain ones.
    public var diacriticSensitive: Bool
    /// The locale whose rules compare strings (a BCP 47 tag); nil for the default.
    public var locale: String?

    /// Comparison settings as `collator` gives them.
    public init(caseSensitive: Bool, diacriticSensitive: Bool, locale: String?) {
        self.caseSensitive = caseSensitive
        self.diacriticSensitive = diacriticSensitive
        self.locale = locale
    }
}

import Foundation

extension Collator {
    /// Compares two strings: -1, 0 or 1. Without case sensitivity letters compare by their
    /// lowercase forms; without diacritic sensitivity accents are stripped first.
    public func compare(_ a: String, _ b: String) -> Int {
        var options: String.CompareOptions = []
        if !caseSensitive { options.insert(.caseInsensitive) }
        if !diacriticSensitive { options.insert(.diacriticInsensitive) }
        switch a.compare(b, options: options, locale: locale.map { Locale(identifier: $0) }) {
        case .orderedAscending: return -1
        case .orderedSame: return 0
        case .orderedDescending: return 1
        }
    }
}
