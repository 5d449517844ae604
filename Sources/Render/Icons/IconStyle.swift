#if canImport(Glibc)
import Glibc
#endif
import Geometry
import Style

/// A symbol layer's icon properties evaluated for one feature, with its image.
struct IconStyle {
    var image: IconImage
    /// `icon-size`: a scale of the image's display size.
    var size: Double
    /// Clockwise, radians.
    var rotate: Double
    /// CSS pixels (before `icon-size`).
    var offset: (Double, Double)
    var anchor: String
    /// Top, right, bottom, left, device pixels.
    var padding: (Double, Double, Double, Double)
    var opacity: Double
    var color: Color
    var haloColor: Color
    /// CSS pixels.
    var haloWidth: Double
    var haloBlur: Double
    /// "map" or "viewport" ("auto" resolved by the placement).
    var rotationAlignment: String
    var keepUpright: Bool
    var allowOverlap: Bool
    var ignorePlacement: Bool
    var optional: Bool
    /// "none", "width", "height" or "both".
    var textFit: String
    /// Top, right, bottom, left, CSS pixels.
    var textFitPadding: (Double, Double, Double, Double)
    /// Device pixels.
    var translate: (Double, Double)
    /// `icon-size` depends on the feature: drawn smoothly at every size (as MapLibre's
    /// data-driven sizes come out).
    var sizeVaries = false
}

extension SceneBuilder {
    /// The feature's icon, or nil when it has none. An image the sprite lacks is recorded
    /// in `missing` (warned once per layer and image) and the feature has no icon, as in
    /// MapLibre.
    func iconStyle(_ layer: Layer, _ source: RenderSource, _ row: Int, missing: inout Set<String>) -> IconStyle? {
        guard layer.layout.isSet("icon-image") else { return nil }
        let lctx = layoutContext(source, row)
        guard let name = iconName(layer, lctx, source, row), !name.isEmpty else { return nil }
        guard let image = icons[name] else {
            missing.insert(name)
            return nil
        }
        let ctx = paintContext(source, row)
        // icon-size follows the camera zoom, as text-size does.
        let size = layer.layout.number("icon-size", ctx)
        guard size > 0, size.isFinite else { return nil }
        let ratio = frame.pixelRatio
        let offset = layer.layout.numbers("icon-offset", lctx) ?? [0, 0]
        var padding = layer.layout.numbers("icon-padding", lctx) ?? [2]
        if padding.isEmpty { padding = [2] }
        let p = padding.map { $0 * ratio }
        let pad: (Double, Double, Double, Double) = switch p.count {
        case 1: (p[0], p[0], p[0], p[0])
        case 2: (p[0], p[1], p[0], p[1])
        case 3: (p[0], p[1], p[2], p[1])
        default: (p[0], p[1], p[2], p[3])
        }
        let fitPadding = layer.layout.numbers("icon-text-fit-padding", lctx) ?? [0, 0, 0, 0]
        let fp = fitPadding.count == 4 ? fitPadding : [0, 0, 0, 0]
        var opacity = layer.paint.number("icon-opacity", ctx)
        if !opacity.isFinite { opacity = 1 }
        var style = IconStyle(
            image: image, size: size,
            rotate: layer.layout.number("icon-rotate", lctx) * .pi / 180,
            offset: (offset.first ?? 0, offset.count > 1 ? offset[1] : 0),
            anchor: layer.layout.string("icon-anchor", lctx) ?? "center",
            padding: pad, opacity: opacity,
            color: layer.paint.color("icon-color", ctx) ?? .black,
            haloColor: layer.paint.color("icon-halo-color", ctx) ?? .transparent,
            haloWidth: layer.paint.number("icon-halo-width", ctx),
            haloBlur: layer.paint.number("icon-halo-blur", ctx),
            rotationAlignment: layer.layout.string("icon-rotation-alignment", lctx) ?? "auto",
            keepUpright: layer.layout.bool("icon-keep-upright", lctx),
            allowOverlap: layer.layout.bool("icon-allow-overlap", lctx),
            ignorePlacement: layer.layout.bool("icon-ignore-placement", lctx),
            optional: layer.layout.bool("icon-optional", lctx),
            textFit: layer.layout.string("icon-text-fit", lctx) ?? "none",
            textFitPadding: (fp[0], fp[1], fp[2], fp[3]),
            translate: translation(layer.paint, "icon", ctx))
        if let overlap = layer.layout.string("icon-overlap", lctx) { style.allowOverlap = overlap != "never" }
        style.sizeVaries = !(layer.layout["icon-size"]?.isFeatureConstant ?? true)
        return style
    }

    /// `icon-image` evaluated, with `{token}`s in a plain string replaced by feature
    /// properties, as MapLibre does.
    private func iconName(_ layer: Layer, _ ctx: EvaluationContext, _ source: RenderSource, _ row: Int) -> String? {
        guard let value = layer.layout.value("icon-image", ctx) else { return nil }
        let text: String
        switch value {
        case .image(let name): text = name
        case .string(let s): text = s
        default: return nil
        }
        guard case .string? = layer.layout["icon-image"]?.json, text.utf8.contains(UInt8(ascii: "{")) else { return text }
        var out = ""
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            out += rest[..<open]
            let key = String(rest[rest.index(after: open)..<close])
            if let v = source.table.properties.value(key, row: row) { out += Value(v).text }
            rest = rest[rest.index(after: close)...]
        }
        return out + rest
    }
}
