import JSON

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
public struct RenderError: Error, Sendable, CustomStringConvertible, SettingRelatedError {
    /// The file the error is about (an output path, say), when there is one.
    public var file: String?
    /// What failed, in words for the user.
    public var message: String
    /// The setting that would get past the error (the pixel limit, say), when there is one.
    public var setting: RelatedSetting?

    /// An error with its message.
    public init(_ message: String, file: String? = nil, setting: RelatedSetting? = nil) {
        self.message = message
        self.file = file
        self.setting = setting
    }

    /// The message.
    public var description: String { file.map { "\($0): \(message)" } ?? message }
}
