import JSON

/// Legacy filters (`["==", "class", "park"]`, `["in", "$type", "Point"]`, `["!has", "name"]`,
/// `["none", ...]`) rewritten as expressions on load, as MapLibre's `convertFilter` does.
/// They keep their own semantics, which differ from the expression operators of the same
/// name (a comparison of different types is false rather than an error, `$type` is the
/// geometry's base type), through the `filter-*` operators of `LegacyFilterExpressions`.
public enum LegacyFilter {
    /// MapLibre's `isExpressionFilter`: whether `json` is already an expression. A filter
    /// is legacy when it uses an operator only legacy filters have (`!in`, `!has`, `none`),
    /// `$type`/`$id`, or a comparison whose key is a plain property name.
    public static func isExpression(_ json: JSONValue) -> Bool {
        if case .bool = json { return true }
        guard case .array(let items) = json, let op = items.first?.stringValue else { return false }
        switch op {
        case "has":
            return items.count >= 2 && items[1] != "$id" && items[1] != "$type"
        case "in":
            return items.count >= 3 && (items[1].stringValue == nil || items[2].arrayValue != nil)
        case "!in", "!has", "none":
            return false
        case "==", "!=", ">", ">=", "<", "<=":
            return items.count != 3 || items[1].arrayValue != nil || items[2].arrayValue != nil
        case "any", "all":
            return items.dropFirst().allSatisfy { f in
                if case .bool = f { return true }
                return isExpression(f)
            }
        default:
            return true
        }
    }

    /// The expression for a legacy filter.
    public static func convert(_ json: JSONValue) -> JSONValue {
        guard case .array(let items) = json, let op = items.first?.stringValue else { return true }
        if items.count <= 1 { return .bool(op != "any") }
        switch op {
        case "==", "<", ">", "<=", ">=":
            return comparison(items[1], items.count > 2 ? items[2] : .null, op)
        case "!=":
            return ["!", comparison(items[1], items.count > 2 ? items[2] : .null, "==")]
        case "any":
            return .array(["any"] + items.dropFirst().map(convertMember))
        case "all":
            return .array(["all"] + items.dropFirst().map(convertMember))
        case "none":
            return .array(["all"] + items.dropFirst().map { ["!", convertMember($0)] })
        case "in":
            return membership(items[1], Array(items.dropFirst(2)))
        case "!in":
            return ["!", membership(items[1], Array(items.dropFirst(2)))]
        case "has":
            return has(items[1])
        case "!has":
            return ["!", has(items[1])]
        default:
            return true
        }
    }

    /// Members of a legacy `all`/`any` may be booleans or expressions as well.
    static func convertMember(_ json: JSONValue) -> JSONValue {
        if case .bool = json { return json }
        return isExpression(json) ? json : convert(json)
    }

    static func comparison(_ key: JSONValue, _ value: JSONValue, _ op: String) -> JSONValue {
        let literal: JSONValue = ["literal", value]
        switch key {
        case "$type": return [.string("filter-type-\(op)"), literal]
        case "$id": return [.string("filter-id-\(op)"), literal]
        default: return [.string("filter-\(op)"), key, literal]
        }
    }

    static func membership(_ key: JSONValue, _ values: [JSONValue]) -> JSONValue {
        if values.isEmpty { return false }
        let list: JSONValue = ["literal", .array(values)]
        switch key {
        case "$type": return ["filter-type-in", list]
        case "$id": return ["filter-id-in", list]
        default: return ["filter-in", key, list]
        }
    }

    static func has(_ key: JSONValue) -> JSONValue {
        switch key {
        case "$type": return true
        case "$id": return ["filter-has-id"]
        default: return ["filter-has", key]
        }
    }
}
