import CLibPQ

/// A connection string as libpq reads it (`postgresql://USER@HOST:PORT/DB?…` or
/// `host=… dbname=…`), parsed by libpq itself (`PQconninfoParse`) so that every form libpq
/// accepts is accepted, and shown in messages without its password.
public struct ConnectionInfo: Sendable {
    /// The options written in the string, keyword → value, as libpq parsed them.
    public let options: [(keyword: String, value: String)]
    /// The string as messages show it: a `postgresql://` URL without a password.
    public let displayName: String

    /// Whether `text` names a PostgreSQL database rather than a file: a `postgresql://` or
    /// `postgres://` URI, or libpq's `key=value` form starting with one of its keywords.
    public static func isConnectionString(_ text: String) -> Bool {
        let lower = text.lowercased()
        if lower.hasPrefix("postgresql://") || lower.hasPrefix("postgres://") { return true }
        guard let equals = text.firstIndex(of: "=") else { return false }
        let first = text[..<equals].trimmingCharacters(in: " \t")
        return Self.keywords.contains(first.lowercased())
    }

    /// libpq keywords a `key=value` connection string may start with.
    static let keywords: Set<String> = ["host", "hostaddr", "port", "dbname", "user", "service", "passfile",
                                        "sslmode", "application_name", "connect_timeout", "options", "target_session_attrs"]

    /// Parses `text`; an error message from libpq (which never repeats a password) when it
    /// cannot.
    public init(_ text: String) throws(ConnectionStringError) {
        var message: UnsafeMutablePointer<CChar>?
        guard let parsed = PQconninfoParse(text, &message) else {
            let why = message.map { String(cString: $0) } ?? "out of memory"
            if let message { PQfreemem(message) }
            // libpq quotes the token it could not read, which may be a password: leave it out.
            throw ConnectionStringError(message: Self.withoutQuotedTokens(Self.firstLine(why)))
        }
        defer { PQconninfoFree(parsed) }
        var options: [(String, String)] = []
        var i = 0
        while let keyword = parsed[i].keyword {
            if let value = parsed[i].val { options.append((String(cString: keyword), String(cString: value))) }
            i += 1
        }
        self.options = options
        displayName = Self.displayName(options)
    }

    /// The value of one libpq keyword (`host`, `dbname`, `user`...) as the string gives it, the
    /// last one where it is given twice, as libpq does.
    public func value(_ keyword: String) -> String? { options.last { $0.keyword == keyword }?.value }

    /// Whether the string itself carries a password.
    public var hasPassword: Bool { value("password") != nil }

    /// What identifies the database without any secret: host, port, database and user, as
    /// the batch's input hash records it.
    public var identity: String {
        ["host", "hostaddr", "port", "dbname", "user", "service", "options"]
            .compactMap { key in value(key).map { "\(key)=\($0)" } }
            .joined(separator: " ")
    }

    static func displayName(_ options: [(keyword: String, value: String)]) -> String {
        func value(_ key: String) -> String? { options.last { $0.keyword == key }?.value }
        var url = "postgresql://"
        if let user = value("user") { url += escaped(user) + "@" }
        if let host = value("host") ?? value("hostaddr") { url += escaped(host) }
        if let port = value("port") { url += ":" + port }
        url += "/" + escaped(value("dbname") ?? "")
        if let service = value("service") { url += "?service=" + escaped(service) }
        return url
    }

    /// Percent-escapes what would break the URL (a socket folder's slashes, `@`, `:`).
    static func escaped(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                out += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return out
    }

    static func withoutQuotedTokens(_ text: String) -> String {
        var out = "", quoted = false
        for c in text {
            if c == "\"" { quoted.toggle(); if quoted { out += "(…)" }; continue }
            if !quoted { out.append(c) }
        }
        return out
    }

    static func firstLine(_ text: String) -> String {
        let lines = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: " \t") }.filter { !$0.isEmpty }
        // libpq's "connection to server … failed:" and the server's "FATAL:" reason come on
        // one line or two; keep both, as one line.
        return lines.prefix(2).joined(separator: " ")
    }
}

/// A connection string libpq does not accept.
public struct ConnectionStringError: Error, Sendable, CustomStringConvertible {
    /// What libpq said is wrong with the string (it never repeats the password).
    public var message: String
    /// The one line printed: `invalid connection string: ...`.
    public var description: String { "invalid connection string: \(message)" }
}

extension String {
    func leftPadded(to width: Int) -> String { count >= width ? self : String(repeating: "0", count: width - count) + self }

    func trimmingCharacters(in set: String) -> String {
        var s = Substring(self)
        while let c = s.first, set.contains(c) { s.removeFirst() }
        while let c = s.last, set.contains(c) { s.removeLast() }
        return String(s)
    }
}

extension Substring {
    func trimmingCharacters(in set: String) -> String { String(self).trimmingCharacters(in: set) }
}
