#if canImport(Glibc)
import Glibc
#endif
import Geometry
import Style

/// A symbol layer's text properties evaluated for one feature, in device pixels.
struct LabelStyle {
    var text: String
    var font: String
    var size: Double
    var maxWidth: Double?
    var lineHeight: Double
    var letterSpacing: Double
    var justify: String
    var anchor: String
    /// Anchors to try in order (`text-variable-anchor`), each with its offset in pixels.
    var variableAnchors: [(anchor: String, offset: (Double, Double))]
    var offset: (Double, Double)
    var rotate: Double
    var padding: Double
    var allowOverlap: Bool
    var ignorePlacement: Bool
    var color: Color
    var haloColor: Color
    var haloWidth: Double
    var haloBlur: Double
    var translate: (Double, Double)
    var maxAngle: Double
    var keepUpright: Bool
    /// Writing modes to try in order (`text-writing-mode`): false horizontal, true vertical.
    var writingModes: [Bool]
    var rotationAlignment: String
    /// Per character of `text`, the `text-color` of its formatted section, if any sets one.
    var sectionColors: [Color?]?
    /// The font stack in the style's local glyph set, when it has one (`GlyphSets`).
    var glyphStack: GlyphSets.Stack? = nil

    /// Where lines sit within the widest for text placed at `anchor`: 0 left, 0.5
    /// centre, 1 right (`text-justify: auto` follows the anchor, as MapLibre does for each
    /// variable anchor).
    func justification(_ anchor: String) -> Double {
        switch justify {
        case "left": 0
        case "right": 1
        case "auto": anchor.hasSuffix("left") ? 0 : anchor.hasSuffix("right") ? 1 : 0.5
        default: 0.5
        }
    }

    var alignment: TextAlignment {
        switch justify {
        case "left": .left
        case "right": .right
        case "auto": anchor.hasSuffix("left") ? .left : anchor.hasSuffix("right") ? .right : .center
        default: .center
        }
    }
}

extension SceneBuilder {
    /// Evaluates a symbol layer's text properties for a feature; nil when it has no text.
    /// `shared` is the layer's `sharedLabelLook`, when it has one: then only the text is
    /// evaluated here.
    func labelStyle(_ layer: Layer, _ source: RenderSource, _ row: Int, shared: LabelStyle? = nil) -> LabelStyle? {
        let lctx = layoutContext(source, row)
        guard let field = labelText(layer, lctx, source, row), !field.text.trimmingTrailing({ $0.isWhitespace }).isEmpty
        else { return nil }
        var text = field.text
        switch layer.layout.string("text-transform", lctx) {
        case "uppercase": text = text.uppercased()
        case "lowercase": text = text.lowercased()
        default: break
        }
        guard var style = shared ?? labelLook(layer, source, row) else { return nil }
        style.text = text
        // Section colours stay with their characters unless a transform changed the count.
        style.sectionColors = field.colors.flatMap { $0.count == text.unicodeScalars.count ? $0 : nil }
        // Vertical writing applies to text with characters written top to bottom (Chinese,
        // Japanese, Korean), as MapLibre's allowsVerticalWritingMode; other text stays
        // horizontal.
        if style.writingModes.contains(true) && !text.unicodeScalars.contains(where: \.isCJK) {
            style.writingModes = [false]
        }
        return style
    }

    /// The look of a layer's labels, evaluated once for the layer when no property but the
    /// text depends on the feature (the usual case): some thirty property lookups a label
    /// saved. Nil when one does, or when the labels are not drawn at all.
    func sharedLabelLook(_ layer: Layer, _ source: RenderSource, firstRow: Int) -> LabelStyle? {
        let perFeature: Set<String> = ["text-field", "symbol-sort-key"]
        for (name, value) in layer.layout.values where !perFeature.contains(name) && !value.isFeatureConstant { return nil }
        for (_, value) in layer.paint.values where !value.isFeatureConstant { return nil }
        return labelLook(layer, source, firstRow)
    }

    /// Everything about a feature's label but its text, which is left empty; the writing
    /// modes are those for vertical-capable text.
    private func labelLook(_ layer: Layer, _ source: RenderSource, _ row: Int) -> LabelStyle? {
        let ctx = paintContext(source, row)
        let lctx = layoutContext(source, row)
        let ratio = frame.pixelRatio
        // text-size follows the camera zoom, not the tile's integer zoom (MapLibre
        // interpolates it between integer zooms).
        let size = layer.layout.number("text-size", ctx) * ratio
        guard size > 0, size.isFinite else { return nil }
        let fontNames = layer.layout.value("text-font", lctx)?.arrayValue?.map(\.text) ?? ["Open Sans Regular"]
        let font = TextShaper.current.fontDescription(stack: fontNames, size: size)
        let em = { (v: Double) in v * size }
        let maxWidth = layer.layout.number("text-max-width", lctx)
        let offset = layer.layout.numbers("text-offset", lctx) ?? [0, 0]
        var opacity = layer.paint.number("text-opacity", ctx)
        if !opacity.isFinite { opacity = 1 }
        var color = layer.paint.color("text-color", ctx) ?? .black
        color.a *= opacity
        var halo = layer.paint.color("text-halo-color", ctx) ?? .transparent
        halo.a *= opacity
        let anchor = layer.layout.string("text-anchor", lctx) ?? "center"
        let radial = layer.layout.number("text-radial-offset", lctx)
        var style = LabelStyle(
            text: "", font: font, size: size,
            maxWidth: maxWidth > 0 ? em(maxWidth) : nil,
            lineHeight: em(layer.layout.number("text-line-height", lctx)),
            letterSpacing: em(layer.layout.number("text-letter-spacing", lctx)),
            justify: layer.layout.string("text-justify", lctx) ?? "center",
            anchor: anchor, variableAnchors: [],
            offset: (em(offset.first ?? 0), em(offset.count > 1 ? offset[1] : 0)),
            rotate: layer.layout.number("text-rotate", lctx) * .pi / 180,
            padding: layer.layout.number("text-padding", lctx) * ratio,
            allowOverlap: layer.layout.bool("text-allow-overlap", lctx),
            ignorePlacement: layer.layout.bool("text-ignore-placement", lctx),
            color: color, haloColor: halo, haloWidth: layer.paint.number("text-halo-width", ctx) * ratio,
            haloBlur: layer.paint.number("text-halo-blur", ctx) * ratio,
            translate: translation(layer.paint, "text", ctx),
            maxAngle: layer.layout.number("text-max-angle", lctx) * .pi / 180,
            keepUpright: layer.layout.bool("text-keep-upright", lctx),
            writingModes: [false],
            rotationAlignment: layer.layout.string("text-rotation-alignment", lctx) ?? "auto")
        if let glyphs = self.style.glyphs {
            style.glyphStack = GlyphSets.shared.stack(template: glyphs, names: fontNames)
        }
        if let overlap = layer.layout.string("text-overlap", lctx) {
            style.allowOverlap = overlap != "never"
        }
        if let modes = layer.layout.value("text-writing-mode", lctx)?.arrayValue?.compactMap(\.stringValue), !modes.isEmpty {
            var order: [Bool] = []
            for mode in modes where mode == "horizontal" || mode == "vertical" {
                if !order.contains(mode == "vertical") { order.append(mode == "vertical") }
            }
            style.writingModes = order.isEmpty ? [false] : order
        }
        if radial != 0 && !layer.layout.isSet("text-offset") {
            style.offset = Self.radialOffset(anchor, em(radial), size: size)
        }
        style.variableAnchors = variableAnchors(layer, lctx, radial: radial, size: size, fallback: style.offset)
        return style
    }

    /// `text-variable-anchor-offset` pairs, else `text-variable-anchor` with the radial or
    /// text offset turned toward each anchor as MapLibre does.
    private func variableAnchors(_ layer: Layer, _ ctx: EvaluationContext, radial: Double, size: Double,
                                 fallback: (Double, Double)) -> [(anchor: String, offset: (Double, Double))] {
        if let pairs = layer.layout.value("text-variable-anchor-offset", ctx)?.arrayValue {
            var result: [(String, (Double, Double))] = []
            var i = 0
            while i + 1 < pairs.count {
                if let anchor = pairs[i].stringValue, let o = pairs[i + 1].arrayValue?.compactMap(\.numberValue), o.count == 2 {
                    // Kept as given (signed), only moved by the baseline for top and bottom
                    // anchors, as MapLibre's getTextVariableAnchorOffset does.
                    let baseline = 7.0 / 24.0 * size
                    let shift = anchor.hasPrefix("top") ? -baseline : anchor.hasPrefix("bottom") ? baseline : 0
                    result.append((anchor, (o[0] * size, o[1] * size + shift)))
                }
                i += 2
            }
            return result
        }
        guard let anchors = layer.layout.value("text-variable-anchor", ctx)?.arrayValue?.compactMap(\.stringValue),
              !anchors.isEmpty else { return [] }
        let offset = layer.layout.numbers("text-offset", ctx)
        return anchors.map { anchor in
            if layer.layout.isSet("text-radial-offset") || offset == nil {
                return (anchor, Self.radialOffset(anchor, radial * size, size: size))
            }
            return (anchor, Self.textOffset(anchor, offset![0] * size, offset![1] * size, size: size))
        }
    }

    /// MapLibre's `fromRadialOffset`: the offset reaches `radial` pixels from the anchor
    /// toward the text, measuring vertical distances from the baseline.
    static func radialOffset(_ anchor: String, _ radial: Double, size: Double) -> (Double, Double) {
        let r = max(0, radial)
        let baseline = 7.0 / 24.0 * size
        let h = r / 2.0.squareRoot()
        var x = 0.0, y = 0.0
        switch anchor {
        case "top-right", "top-left": y = h - baseline
        case "bottom-right", "bottom-left": y = -h + baseline
        case "bottom": y = -r + baseline
        case "top": y = r - baseline
        default: break
        }
        switch anchor {
        case "top-right", "bottom-right": x = -h
        case "top-left", "bottom-left": x = h
        case "left": x = r
        case "right": x = -r
        default: break
        }
        return (x, y)
    }

    /// MapLibre's `fromTextOffset`: the absolute offsets turned toward each anchor.
    static func textOffset(_ anchor: String, _ dx: Double, _ dy: Double, size: Double) -> (Double, Double) {
        let baseline = 7.0 / 24.0 * size
        let ox = abs(dx), oy = abs(dy)
        var x = 0.0, y = 0.0
        switch anchor {
        case "top-right", "top-left", "top": y = oy - baseline
        case "bottom-right", "bottom-left", "bottom": y = -oy + baseline
        default: break
        }
        switch anchor {
        case "top-right", "bottom-right", "right": x = -ox
        case "top-left", "bottom-left", "left": x = ox
        default: break
        }
        return (x, y)
    }

    /// The label text: `text-field` evaluated, with `{token}` references in a plain string
    /// replaced by feature properties, as MapLibre does; for formatted text with section
    /// colours, each character's colour.
    func labelText(_ layer: Layer, _ ctx: EvaluationContext, _ source: RenderSource, _ row: Int)
        -> (text: String, colors: [Color?]?)? {
        guard let value = layer.layout.value("text-field", ctx) else { return nil }
        let text: String
        switch value {
        case .formatted(let f) where f.sections.contains(where: { $0.textColor != nil }):
            var colors: [Color?] = []
            for section in f.sections {
                colors += Array(repeating: section.textColor, count: section.text.unicodeScalars.count)
            }
            return (f.plainText, colors)
        case .formatted(let f): text = f.plainText
        default: text = value.text
        }
        guard layer.layout["text-field"]?.constant != nil, text.utf8.contains(UInt8(ascii: "{")) else { return (text, nil) }
        var out = ""
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            out += rest[..<open]
            let key = String(rest[rest.index(after: open)..<close])
            if let v = source.table.properties.value(key, row: row) { out += Value(v).text }
            rest = rest[rest.index(after: close)...]
        }
        return (out + rest, nil)
    }
}

extension String {
    /// True if the text is made of scripts written top to bottom (Chinese, Japanese, Korean)
    /// with at most neutral characters besides: vertical writing applies to it.
    var allowsVerticalWriting: Bool {
        var hasCJK = false
        for scalar in unicodeScalars {
            if scalar.isCJK { hasCJK = true } else if scalar.properties.isAlphabetic { return false }
        }
        return hasCJK
    }
}

extension Unicode.Scalar {
    /// Han, Kana, Hangul, CJK punctuation and full-width forms: characters that stand
    /// upright in vertical text.
    var isCJK: Bool {
        switch value {
        case 0x1100...0x11FF, 0x2E80...0x2FDF, 0x2FF0...0x303F, 0x3040...0x30FF, 0x3100...0x31BF, 0x31C0...0x9FFF,
             0xA960...0xA97F, 0xAC00...0xD7FF, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFFEF, 0x20000...0x3FFFF:
            return true
        default:
            return false
        }
    }
}
