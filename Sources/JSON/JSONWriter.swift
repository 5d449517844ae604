/// Writes `JSONValue`s as compact or indented JSON, members in their stored order, so the
/// same value always gives the same bytes.
public struct JSONWriter {
    /// Spaces per nesting level, one member or element per line; nil writes everything on one
    /// line without spaces.
    public var indent: Int?

    /// A writer that indents by `indent` spaces, or writes compact JSON when it is nil.
    public init(indent: Int? = nil) { self.indent = indent }

    /// The value as JSON text. Numbers are written as JavaScript prints them (`1`, `0.5`,
    /// `1.5e+21`); a number that is not finite, which JSON cannot hold, as `null`.
    public func string(_ value: JSONValue) -> String {
        var out = ""
        write(value, into: &out, level: 0)
        return out
    }

    /// Appends the value to `out`, `level` being the nesting level it starts at (for the indent).
    public func write(_ value: JSONValue, into out: inout String, level: Int = 0) {
        switch value {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .number(let n): out += n.isFinite ? formatJSONNumber(n) : "null"
        case .string(let s): JSONWriter.writeString(s, into: &out)
        case .array(let elements):
            if elements.isEmpty { out += "[]"; return }
            out += "["
            for (i, element) in elements.enumerated() {
                if i > 0 { out += "," }
                newline(&out, level + 1)
                write(element, into: &out, level: level + 1)
            }
            newline(&out, level)
            out += "]"
        case .object(let object):
            if object.isEmpty { out += "{}"; return }
            out += "{"
            for (i, entry) in object.entries.enumerated() {
                if i > 0 { out += "," }
                newline(&out, level + 1)
                JSONWriter.writeString(entry.key, into: &out)
                out += indent == nil ? ":" : ": "
                write(entry.value, into: &out, level: level + 1)
            }
            newline(&out, level)
            out += "}"
        }
    }

    private func newline(_ out: inout String, _ level: Int) {
        guard let indent else { return }
        out += "\n"
        out += String(repeating: " ", count: indent * level)
    }

    /// Appends `s` as a JSON string literal, quotes and control characters escaped.
    public static func writeString(_ s: String, into out: inout String) {
        out += "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20: out += "\\u" + hex4(UInt16(scalar.value))
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }
}
