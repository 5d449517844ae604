import JSON
import Yams

/// Reads YAML into the same `JSONValue` that JSON files give, so that jobs files are checked
/// by one reader whatever their syntax. Scalars keep YAML's core-schema types (`12` is a
/// number, `"12"` and `abc` strings, `~` null); mapping keys must be scalars.
public enum YAMLDocument {
    /// Parses one YAML document; a syntax error names `file` with the line and column.
    public static func parse(_ text: String, file: String? = nil) throws -> JSONValue {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw sourceError(error, file: file)
        }
        guard let root else { return .null }
        return try value(root, file: file)
    }

    static func value(_ node: Node, file: String?) throws -> JSONValue {
        switch node {
        case .scalar(let scalar):
            switch Tag.Name(rawValue: node.tag.description) {   // `Node.tag` resolves the type
            case .null: return .null
            case .bool: return node.bool.map(JSONValue.bool) ?? .string(scalar.string)
            case .int: return node.int.map { .number(Double($0)) } ?? node.float.map(JSONValue.number) ?? .string(scalar.string)
            case .float: return node.float.map(JSONValue.number) ?? .string(scalar.string)
            default: return .string(scalar.string)
            }
        case .sequence(let sequence):
            return .array(try sequence.map { try value($0, file: file) })
        case .mapping(let mapping):
            var object = JSONObject()
            for (key, member) in mapping {
                guard case .scalar(let k) = key else {
                    let mark = key.mark
                    throw SourceError(file: file, line: mark?.line ?? 0, column: mark?.column ?? 0,
                                      message: "a mapping key must be a plain value, not a list or mapping")
                }
                object[k.string] = try value(member, file: file)
            }
            return .object(object)
        case .alias(let alias):
            let mark = alias.mark
            throw SourceError(file: file, line: mark?.line ?? 0, column: mark?.column ?? 0,
                              message: "YAML aliases (*\(alias.anchor.rawValue)) are not supported in jobs files")
        }
    }

    /// A YAML syntax error as the one-line `file:line:column: message` JSON errors give.
    static func sourceError(_ error: YamlError, file: String?) -> Error {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            let message = [context?.text, problem].compactMap { $0 }.joined(separator: ": ")
            return SourceError(file: file, line: mark.line, column: mark.column, message: message)
        default:
            return SourceError(file: file, line: 1, column: 1, message: "\(error)")
        }
    }
}
