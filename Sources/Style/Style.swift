import JSON

/// A MapLibre style (specification v8), validated and compiled, ready to render.
public struct Style: Sendable {
    public var name: String?
    /// Camera from the style root, with MapLibre's defaults.
    public var center: (longitude: Double, latitude: Double)
    public var zoom: Double
    public var bearing: Double
    public var sources: [String: Source]
    public var layers: [Layer]
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
    public enum Severity: String, Sendable { case error, warning }
    public var severity: Severity
    public var pointer: String
    public var message: String

    public init(_ severity: Severity, _ pointer: String, _ message: String) {
        self.severity = severity
        self.pointer = pointer
        self.message = message
    }

    public var description: String { pointer.isEmpty ? message : "\(pointer): \(message)" }
}

/// A style that cannot be rendered: every error found, each with its pointer.
public struct StyleError: Error, Sendable, CustomStringConvertible {
    public var file: String?
    public var diagnostics: [StyleDiagnostic]

    public init(file: String?, diagnostics: [StyleDiagnostic]) {
        self.file = file
        self.diagnostics = diagnostics
    }

    public var errors: [StyleDiagnostic] { diagnostics.filter { $0.severity == .error } }

    public var description: String {
        let prefix = file.map { "\($0): " } ?? ""
        let errors = self.errors
        guard let first = errors.first else { return prefix + "invalid style" }
        let more = errors.count > 1 ? " (and \(errors.count - 1) more error\(errors.count > 2 ? "s" : ""))" : ""
        return prefix + first.description + more
    }
}
