import JSON

/// A MapLibre style (specification v8), validated and compiled, ready to render.
public struct Style: Sendable {
    /// The style's `name`: the PDF's title when no layout gives one.
    public var name: String?
    /// Camera from the style root, with MapLibre's defaults.
    public var center: (longitude: Double, latitude: Double)
    /// The style's `zoom`: the map's zoom when a request uses the style's camera.
    public var zoom: Double
    /// The style's `bearing`, in degrees clockwise from north.
    public var bearing: Double
    /// The sources, by id.
    public var sources: [String: Source]
    /// The layers, bottom first.
    public var layers: [Layer]
    /// The root `metadata` object, where the `cartouche:` keys (`cartouche:crs`...) live.
    public var metadata: JSONObject
    /// The sprite sheets the style names (`sprite`), in order.
    public var sprites: [SpriteReference] = []
    /// The folder relative data paths are resolved against.
    public var baseDirectory: String
    /// Problems that did not stop loading (unknown properties, unsupported sources).
    public var warnings: [StyleDiagnostic]
    /// The style's `glyphs` as a local path with `{fontstack}` and `{range}` left in, when
    /// it names local files (a path or `file:` URL); nil for none or a remote URL.
    public var glyphs: String? = nil

    /// True if some filter or property reads features' longitude/latitude geometry
    /// (`within`), which the data must then keep beside the projected geometry.
    public var readsGeographicGeometry: Bool {
        layers.contains { layer in
            let expressions = [layer.filter].compactMap { $0 } + (layer.layout.values.values.map(\.expression))
                + layer.paint.values.values.map(\.expression)
            return expressions.contains { $0.allDependencies.contains(.geographicGeometry) }
        }
    }

    /// The map CRS the style asks for (`metadata."cartouche:crs"`), if any.
    public var crs: String? { metadata["cartouche:crs"]?.stringValue }
}

/// One validation finding, located by a JSON pointer into the style.
public struct StyleDiagnostic: Sendable, Equatable, CustomStringConvertible {
    /// An error stops the style from rendering; a warning says what will be ignored.
    public enum Severity: String, Sendable {
        /// `error` stops the style; `warning` is reported and the style is used.
        case error, warning
    }
    /// Whether the finding stops the style.
    public var severity: Severity
    /// The JSON pointer of the member at fault: `/layers/2/paint/line-width`.
    public var pointer: String
    /// What is wrong, and what was expected.
    public var message: String

    /// A finding at `pointer`.
    public init(_ severity: Severity, _ pointer: String, _ message: String) {
        self.severity = severity
        self.pointer = pointer
        self.message = message
    }

    /// The one line printed: `pointer: message`.
    public var description: String { pointer.isEmpty ? message : "\(pointer): \(message)" }
}

/// A style that cannot be rendered: every error found, each with its pointer.
public struct StyleError: Error, Sendable, CustomStringConvertible {
    /// The style file, once known.
    public var file: String?
    /// Every finding, errors and warnings, in document order.
    public var diagnostics: [StyleDiagnostic]

    /// An error with its findings.
    public init(file: String?, diagnostics: [StyleDiagnostic]) {
        self.file = file
        self.diagnostics = diagnostics
    }

    /// The findings that stop the style.
    public var errors: [StyleDiagnostic] { diagnostics.filter { $0.severity == .error } }

    /// The first error with its pointer and how many more there are:
    /// `style.json: /layers/2/paint/line-width: ... (and 2 more errors)`.
    public var description: String {
        let prefix = file.map { "\($0): " } ?? ""
        let errors = self.errors
        guard let first = errors.first else { return prefix + "invalid style" }
        let more = errors.count > 1 ? " (and \(errors.count - 1) more error\(errors.count > 2 ? "s" : ""))" : ""
        return prefix + first.description + more
    }
}
