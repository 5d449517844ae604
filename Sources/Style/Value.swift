import JSON

/// A value at run time: what an expression produces and what feature properties hold.
public enum Value: Sendable, Hashable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case color(Color)
    case array([Value])
    case object(JSONObject)
    case formatted(Formatted)
    case collator(Collator)
    case image(String)

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

    public var numberValue: Double? { if case .number(let n) = self { n } else { nil } }
    public var stringValue: String? { if case .string(let s) = self { s } else { nil } }
    public var boolValue: Bool? { if case .bool(let b) = self { b } else { nil } }
    public var colorValue: Color? { if case .color(let c) = self { c } else { nil } }
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
    public struct Section: Sendable, Hashable {
        public var text: String
        public var image: String?
        public var scale: Double?
        public var fontStack: [String]?
        public var textColor: Color?

        public init(text: String, image: String? = nil, scale: Double? = nil, fontStack: [String]? = nil, textColor: Color? = nil) {
            self.text = text
            self.image = image
            self.scale = scale
            self.fontStack = fontStack
            self.textColor = textColor
        }
    }

    public var sections: [Section]

    public init(sections: [Section]) { self.sections = sections }
    public init(text: String) { sections = [Section(text: text)] }

    public var plainText: String { sections.map(\.text).joined() }
}

/// String comparison settings from `collator`.
public struct Collator: Sendable, Hashable {
    public var caseSensitive: Bool
    public var diacriticSensitive: Bool
    public var locale: String?

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
