/// The SVG document an icon was drawn from (`cartouche:icons`).
public struct SVGDocument: Sendable {
    /// The file's text.
    public var text: String
    /// Its size in CSS pixels.
    public var width: Double
    public var height: Double
}

enum SVGIcons {
    static func load(folder: String, pixelRatio: Double) -> ([IconImage], [String]) {
        ([], [])
    }
}
