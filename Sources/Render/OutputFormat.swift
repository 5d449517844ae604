/// The kinds of file Cartouche writes, chosen by the output's extension.
public enum OutputFormat: String, Sendable, CaseIterable {
    /// PNG through Cairo; SVG and PDF written directly, as vectors with text kept as text.
    case png, svg, pdf

    /// The format for a path's extension (`.png`, `.svg`, `.pdf`, any case), or nil.
    public init?(path: String) {
        guard let dot = path.lastIndex(of: "."), !path[dot...].contains("/") else { return nil }
        self.init(rawValue: path[path.index(after: dot)...].lowercased())
    }
}

/// Rendering failed in the backend (Cairo or the PNG writer reported an error).
public struct RenderError: Error, Sendable, CustomStringConvertible {
    /// What failed, in words for the user.
    public var message: String
    /// An error with its message.
    public init(_ message: String) { self.message = message }
    /// The message.
    public var description: String { message }
}
