import JSON

/// What the style specification (v8) says about one layout or paint property: its type,
/// default, allowed values and whether it may depend on zoom or on feature data.
public struct PropertySpec: Sendable {
    /// The type of a property's values, with its limits.
    public enum Kind: Sendable, Equatable {
        /// A number, within the bounds the spec gives.
        case number(min: Double?, max: Double?)
        /// A colour, as CSS.
        case color
        /// A string.
        case string
        /// A boolean.
        case boolean
        /// One of a list of strings (`line-cap`: butt, round, square).
        case enumeration([String])
        /// An array of numbers, of a fixed length when given (`text-offset`: 2).
        case numberArray(length: Int?)
        /// An array of strings (`text-font`).
        case stringArray
        /// An array of strings from a list (`text-variable-anchor`).
        case enumArray([String])
        /// Text with sections (`text-field`).
        case formatted
        /// An image name (`icon-image`, `fill-pattern`).
        case image
        /// One to four numbers, as CSS padding (`icon-padding`).
        case padding
        /// Anchors with their offsets (`text-variable-anchor-offset`).
        case variableAnchorOffsets
    }

    /// Whether a property is set under `layout` or `paint`.
    public enum Group: String, Sendable {
        /// Under the layer's `layout` or its `paint`.
        case layout, paint
    }

    /// The property's name, as in the style (`line-width`).
    public let name: String
    /// Under `layout` or `paint`.
    public let group: Group
    /// The type of its values.
    public let kind: Kind
    /// The default value (nil where the spec has none, e.g. `fill-outline-color`).
    public let defaultValue: JSONValue?
    /// Whether the value may depend on feature data (`property-type: data-driven`).
    public let dataDriven: Bool
    /// Whether the value may change with zoom.
    public let zoomDependent: Bool
    /// A zoom curve of this property may be `interpolate` (`expression.interpolated`).
    public let interpolated: Bool
    /// Supported by MapLibre but not by a static renderer; a style using it gets a warning.
    public let unsupported: Bool

    /// `interpolated: false` marks the numeric properties whose zoom curves may only step
    /// (sort keys, `line-dasharray`); the others interpolate when their kind can.
    init(_ name: String, _ group: Group, _ kind: Kind, _ defaultValue: JSONValue?,
         dataDriven: Bool = true, zoom: Bool = true, interpolated: Bool = true, unsupported: Bool = false) {
        self.name = name
        self.group = group
        self.kind = kind
        self.defaultValue = defaultValue
        self.dataDriven = dataDriven
        self.zoomDependent = zoom
        self.interpolated = interpolated
        self.unsupported = unsupported
    }

    /// What compiling an expression for this property needs: MapLibre's reading of the
    /// property's entry in `v8.json`.
    public var expressionSpec: ExpressionSpec {
        let typeName: String
        var item: String?
        var length: Int?
        var interpolated = false
        switch kind {
        case .number: typeName = "number"; interpolated = self.interpolated
        case .color: typeName = "color"; interpolated = true
        case .string: typeName = "string"
        case .boolean: typeName = "boolean"
        case .enumeration: typeName = "enum"
        case .numberArray(let n): typeName = "array"; item = "number"; length = n; interpolated = self.interpolated
        case .stringArray, .enumArray: typeName = "array"; item = "string"
        case .formatted: typeName = "formatted"
        case .image: typeName = "resolvedImage"
        case .padding: typeName = "padding"; interpolated = true
        case .variableAnchorOffsets: typeName = "variableAnchorOffsetCollection"; interpolated = true
        }
        var enumValues: [String]?
        if case .enumeration(let values) = kind { enumValues = values }
        return ExpressionSpec(typeName: typeName, itemTypeName: item, length: length, isDataDriven: dataDriven,
                              isZoomDependent: zoomDependent, isInterpolated: interpolated, defaultValue: defaultValue,
                              enumValues: enumValues, hasTokens: name == "text-field" || name == "icon-image")
    }

    /// How the expected value reads in messages: "number", "one of butt, round, square".
    public var expectation: String {
        switch kind {
        case .number: "number"
        case .color: "color"
        case .string: "string"
        case .boolean: "boolean"
        case .enumeration(let values): "one of \(values.joined(separator: ", "))"
        case .numberArray(let n?): "array of \(n) numbers"
        case .numberArray(nil): "array of numbers"
        case .stringArray: "array of strings"
        case .enumArray(let values): "array of \(values.joined(separator: ", "))"
        case .formatted: "string or formatted text"
        case .image: "image name"
        case .padding: "number or array of 1 to 4 numbers"
        case .variableAnchorOffsets: "array of anchor and offset pairs"
        }
    }
}

/// The layer types Cartouche draws, with the properties each accepts.
public enum LayerType: String, Sendable, CaseIterable {
    /// The vector layer types (`symbol` places labels and icons).
    case background, fill, line, circle, symbol
    /// Imagery from a `raster` source and shaded relief from a `raster-dem` source.
    case raster, hillshade
    /// Types in the specification that a static renderer does not draw.
    public static let unsupportedTypes: Set<String> = ["heatmap", "fill-extrusion", "color-relief"]

    /// The kind of source the layer draws from, when it needs a particular one.
    public var requiredSourceKind: Source.Kind? {
        switch self {
        case .raster: .raster
        case .hillshade: .rasterDEM
        default: nil
        }
    }

    /// The layout and paint properties the type accepts, by name.
    public var properties: [String: PropertySpec] { PropertySpecs.byLayerType[self]! }
}

enum PropertySpecs {
    static let anchors = ["center", "left", "right", "top", "bottom", "top-left", "top-right", "bottom-left", "bottom-right"]
    static let translateAnchor = ["map", "viewport"]

    static let visibility = PropertySpec("visibility", .layout, .enumeration(["visible", "none"]), "visible", dataDriven: false, zoom: false)

    static func translate(_ prefix: String) -> [PropertySpec] {
        [PropertySpec("\(prefix)-translate", .paint, .numberArray(length: 2), [0, 0], dataDriven: false),
         PropertySpec("\(prefix)-translate-anchor", .paint, .enumeration(translateAnchor), "map", dataDriven: false)]
    }

    static let background: [PropertySpec] = [
        visibility,
        PropertySpec("background-color", .paint, .color, "#000000", dataDriven: false),
        PropertySpec("background-opacity", .paint, .number(min: 0, max: 1), 1, dataDriven: false),
        PropertySpec("background-pattern", .paint, .image, nil, dataDriven: false),
    ]

    static let fill: [PropertySpec] = [
        visibility,
        PropertySpec("fill-sort-key", .layout, .number(min: nil, max: nil), nil, interpolated: false),
        PropertySpec("fill-antialias", .paint, .boolean, true, dataDriven: false),
        PropertySpec("fill-opacity", .paint, .number(min: 0, max: 1), 1),
        PropertySpec("fill-color", .paint, .color, "#000000"),
        PropertySpec("fill-outline-color", .paint, .color, nil),
        PropertySpec("fill-pattern", .paint, .image, nil),
    ] + translate("fill")

    static let line: [PropertySpec] = [
        visibility,
        PropertySpec("line-cap", .layout, .enumeration(["butt", "round", "square"]), "butt", dataDriven: false),
        PropertySpec("line-join", .layout, .enumeration(["bevel", "round", "miter"]), "miter"),
        PropertySpec("line-miter-limit", .layout, .number(min: nil, max: nil), 2, dataDriven: false),
        PropertySpec("line-round-limit", .layout, .number(min: nil, max: nil), 1.05, dataDriven: false),
        PropertySpec("line-sort-key", .layout, .number(min: nil, max: nil), nil, interpolated: false),
        PropertySpec("line-opacity", .paint, .number(min: 0, max: 1), 1),
        PropertySpec("line-color", .paint, .color, "#000000"),
        PropertySpec("line-width", .paint, .number(min: 0, max: nil), 1),
        PropertySpec("line-gap-width", .paint, .number(min: 0, max: nil), 0),
        PropertySpec("line-offset", .paint, .number(min: nil, max: nil), 0),
        PropertySpec("line-blur", .paint, .number(min: 0, max: nil), 0),
        PropertySpec("line-dasharray", .paint, .numberArray(length: nil), nil, interpolated: false),
        PropertySpec("line-pattern", .paint, .image, nil),
        PropertySpec("line-gradient", .paint, .color, nil, dataDriven: false, zoom: false),
    ] + translate("line")

    static let circle: [PropertySpec] = [
        visibility,
        PropertySpec("circle-sort-key", .layout, .number(min: nil, max: nil), nil, interpolated: false),
        PropertySpec("circle-radius", .paint, .number(min: 0, max: nil), 5),
        PropertySpec("circle-color", .paint, .color, "#000000"),
        PropertySpec("circle-blur", .paint, .number(min: nil, max: nil), 0),
        PropertySpec("circle-opacity", .paint, .number(min: 0, max: 1), 1),
        PropertySpec("circle-pitch-scale", .paint, .enumeration(["map", "viewport"]), "map", dataDriven: false),
        PropertySpec("circle-pitch-alignment", .paint, .enumeration(["map", "viewport"]), "viewport", dataDriven: false),
        PropertySpec("circle-stroke-width", .paint, .number(min: 0, max: nil), 0),
        PropertySpec("circle-stroke-color", .paint, .color, "#000000"),
        PropertySpec("circle-stroke-opacity", .paint, .number(min: 0, max: 1), 1),
    ] + translate("circle")

    static let symbol: [PropertySpec] = [
        visibility,
        PropertySpec("symbol-placement", .layout, .enumeration(["point", "line", "line-center"]), "point", dataDriven: false),
        PropertySpec("symbol-spacing", .layout, .number(min: 1, max: nil), 250, dataDriven: false),
        PropertySpec("symbol-avoid-edges", .layout, .boolean, false, dataDriven: false),
        PropertySpec("symbol-sort-key", .layout, .number(min: nil, max: nil), nil, interpolated: false),
        PropertySpec("symbol-z-order", .layout, .enumeration(["auto", "viewport-y", "source"]), "auto", dataDriven: false),
        PropertySpec("text-pitch-alignment", .layout, .enumeration(["map", "viewport", "auto"]), "auto", dataDriven: false),
        PropertySpec("text-rotation-alignment", .layout, .enumeration(["map", "viewport", "viewport-glyph", "auto"]), "auto", dataDriven: false),
        PropertySpec("text-field", .layout, .formatted, ""),
        PropertySpec("text-font", .layout, .stringArray, ["Open Sans Regular", "Arial Unicode MS Regular"]),
        PropertySpec("text-size", .layout, .number(min: 0, max: nil), 16),
        PropertySpec("text-max-width", .layout, .number(min: 0, max: nil), 10),
        PropertySpec("text-line-height", .layout, .number(min: nil, max: nil), 1.2, dataDriven: false),
        PropertySpec("text-letter-spacing", .layout, .number(min: nil, max: nil), 0),
        PropertySpec("text-justify", .layout, .enumeration(["auto", "left", "center", "right"]), "center"),
        PropertySpec("text-radial-offset", .layout, .number(min: nil, max: nil), 0),
        PropertySpec("text-variable-anchor", .layout, .enumArray(anchors), nil, dataDriven: false),
        PropertySpec("text-variable-anchor-offset", .layout, .variableAnchorOffsets, nil),
        PropertySpec("text-anchor", .layout, .enumeration(anchors), "center"),
        PropertySpec("text-max-angle", .layout, .number(min: nil, max: nil), 45, dataDriven: false),
        PropertySpec("text-writing-mode", .layout, .enumArray(["horizontal", "vertical"]), nil, dataDriven: false),
        PropertySpec("text-rotate", .layout, .number(min: nil, max: nil), 0),
        PropertySpec("text-padding", .layout, .number(min: 0, max: nil), 2, dataDriven: false),
        PropertySpec("text-keep-upright", .layout, .boolean, true, dataDriven: false),
        PropertySpec("text-transform", .layout, .enumeration(["none", "uppercase", "lowercase"]), "none"),
        PropertySpec("text-offset", .layout, .numberArray(length: 2), [0, 0]),
        PropertySpec("text-allow-overlap", .layout, .boolean, false, dataDriven: false),
        PropertySpec("text-overlap", .layout, .enumeration(["never", "always", "cooperative"]), nil, dataDriven: false),
        PropertySpec("text-ignore-placement", .layout, .boolean, false, dataDriven: false),
        PropertySpec("text-optional", .layout, .boolean, false, dataDriven: false),
        PropertySpec("text-opacity", .paint, .number(min: 0, max: 1), 1),
        PropertySpec("text-color", .paint, .color, "#000000"),
        PropertySpec("text-halo-color", .paint, .color, "rgba(0, 0, 0, 0)"),
        PropertySpec("text-halo-width", .paint, .number(min: 0, max: nil), 0),
        PropertySpec("text-halo-blur", .paint, .number(min: 0, max: nil), 0),
    ] + translate("text") + iconProperties

    /// Icons from the style's sprite (or `cartouche:icons` SVG files).
    static let iconProperties: [PropertySpec] = [
        PropertySpec("icon-allow-overlap", .layout, .boolean, false, dataDriven: false),
        PropertySpec("icon-overlap", .layout, .enumeration(["never", "always", "cooperative"]), nil, dataDriven: false),
        PropertySpec("icon-ignore-placement", .layout, .boolean, false, dataDriven: false),
        PropertySpec("icon-optional", .layout, .boolean, false, dataDriven: false),
        PropertySpec("icon-rotation-alignment", .layout, .enumeration(["map", "viewport", "auto"]), "auto", dataDriven: false),
        PropertySpec("icon-size", .layout, .number(min: 0, max: nil), 1),
        PropertySpec("icon-text-fit", .layout, .enumeration(["none", "width", "height", "both"]), "none", dataDriven: false),
        PropertySpec("icon-text-fit-padding", .layout, .numberArray(length: 4), [0, 0, 0, 0], dataDriven: false),
        PropertySpec("icon-image", .layout, .image, nil),
        PropertySpec("icon-rotate", .layout, .number(min: nil, max: nil), 0),
        PropertySpec("icon-padding", .layout, .padding, [2]),
        PropertySpec("icon-keep-upright", .layout, .boolean, false, dataDriven: false),
        PropertySpec("icon-offset", .layout, .numberArray(length: 2), [0, 0]),
        PropertySpec("icon-anchor", .layout, .enumeration(anchors), "center"),
        PropertySpec("icon-pitch-alignment", .layout, .enumeration(["map", "viewport", "auto"]), "auto", dataDriven: false),
        PropertySpec("icon-opacity", .paint, .number(min: 0, max: 1), 1),
        PropertySpec("icon-color", .paint, .color, "#000000"),
        PropertySpec("icon-halo-color", .paint, .color, "rgba(0, 0, 0, 0)"),
        PropertySpec("icon-halo-width", .paint, .number(min: 0, max: nil), 0),
        PropertySpec("icon-halo-blur", .paint, .number(min: 0, max: nil), 0),
        PropertySpec("icon-translate", .paint, .numberArray(length: 2), [0, 0], dataDriven: false),
        PropertySpec("icon-translate-anchor", .paint, .enumeration(translateAnchor), "map", dataDriven: false),
    ]

    static let raster: [PropertySpec] = [
        visibility,
        PropertySpec("raster-opacity", .paint, .number(min: 0, max: 1), 1, dataDriven: false),
        PropertySpec("raster-hue-rotate", .paint, .number(min: nil, max: nil), 0, dataDriven: false),
        PropertySpec("raster-brightness-min", .paint, .number(min: 0, max: 1), 0, dataDriven: false),
        PropertySpec("raster-brightness-max", .paint, .number(min: 0, max: 1), 1, dataDriven: false),
        PropertySpec("raster-saturation", .paint, .number(min: -1, max: 1), 0, dataDriven: false),
        PropertySpec("raster-contrast", .paint, .number(min: -1, max: 1), 0, dataDriven: false),
        PropertySpec("raster-resampling", .paint, .enumeration(["linear", "nearest"]), "linear", dataDriven: false),
        // A static map has no fading; accepted so that web styles validate.
        PropertySpec("raster-fade-duration", .paint, .number(min: 0, max: nil), 300, dataDriven: false),
    ]

    static let hillshade: [PropertySpec] = [
        visibility,
        PropertySpec("hillshade-illumination-direction", .paint, .number(min: 0, max: 359), 335, dataDriven: false),
        PropertySpec("hillshade-illumination-anchor", .paint, .enumeration(["map", "viewport"]), "viewport", dataDriven: false, zoom: false),
        PropertySpec("hillshade-exaggeration", .paint, .number(min: 0, max: 1), 0.5, dataDriven: false),
        PropertySpec("hillshade-shadow-color", .paint, .color, "#000000", dataDriven: false),
        PropertySpec("hillshade-highlight-color", .paint, .color, "#FFFFFF", dataDriven: false),
        PropertySpec("hillshade-accent-color", .paint, .color, "#000000", dataDriven: false),
    ]

    static let byLayerType: [LayerType: [String: PropertySpec]] = {
        func index(_ specs: [PropertySpec]) -> [String: PropertySpec] {
            Dictionary(uniqueKeysWithValues: specs.map { ($0.name, $0) })
        }
        return [.background: index(background), .fill: index(fill), .line: index(line),
                .circle: index(circle), .symbol: index(symbol), .raster: index(raster), .hillshade: index(hillshade)]
    }()
}
