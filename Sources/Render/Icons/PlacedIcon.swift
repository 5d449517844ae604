import Geometry
import Style

/// An icon whose place has been decided: its image drawn as one or more quads (nine or
/// more for an image stretched around text), each a rectangle of image pixels mapped onto
/// the device by an affine transform, as MapLibre's `getIconQuads` cuts it.
public struct PlacedIcon: Sendable {
    /// The image drawn (from the sprite sheet or an SVG icon).
    public var image: IconImage
    /// The rectangles of the image and where each lands on the device.
    public var quads: [IconQuad]
    /// `icon-opacity`, 0 to 1.
    public var opacity: Double
    /// For SDF images: the fill and halo colours and where their edges are.
    public var color: Color
    /// The SDF image's halo colour (`icon-halo-color`).
    public var haloColor: Color
    /// For an SDF image, where the fill and halo edges are; nil for a plain image.
    public var sdf: SDFEdges?
    /// Sampled bilinearly (scaled, turned or SDF), else nearest, as MapLibre chooses.
    public var smooth: Bool
    /// The collision box (before padding), device pixels.
    public var box: Box
    /// The feature's `symbol-sort-key`, when the layer sets one, or its tile's rank (drawn in
    /// its group, as labels).
    public var sortKey: Double?

    /// The device box the quads cover.
    public var bounds: Box { quads.reduce(Box.empty) { $0.union($1.bounds) } }
}

/// The symbol shader's smoothstep for an SDF icon, in field units (0...1 of the alpha).
public struct SDFEdges: Sendable {
    /// Where the fill's edge lies in the distance field.
    public var fillEdge: Double
    /// How wide the fill's edge fades, so that it stays soft at any size.
    public var fillGamma: Double
    /// Where the halo's outer edge lies in the distance field.
    public var haloEdge: Double
    /// How wide the halo's edge fades.
    public var haloGamma: Double
}

/// Image pixels `u0..<u1 × v0..<v1` (which may reach a pixel beyond the image, transparent)
/// drawn at device (x, y) = (ox + a·u + c·v, oy + b·u + d·v).
public struct IconQuad: Sendable {
    /// The image → device transform (see above).
    public var a, b, c, d, ox, oy: Double
    /// The rectangle of image pixels drawn.
    public var u0, v0, u1, v1: Double

    /// Where image pixel (u, v) lands on the device.
    public func apply(_ u: Double, _ v: Double) -> (x: Double, y: Double) {
        (ox + a * u + c * v, oy + b * u + d * v)
    }

    /// The device box the quad covers.
    public var bounds: Box {
        var box = Box.empty
        for (u, v) in [(u0, v0), (u1, v0), (u0, v1), (u1, v1)] {
            let p = apply(u, v)
            box.extend(x: p.x, y: p.y)
        }
        return box
    }

    /// True when the quad is upright and unscaled-or-scaled without a turn.
    public var isAxisAligned: Bool { b == 0 && c == 0 }
}

extension PlacedIcon {
    /// The whole of `icon`, upright, scaled to fit a `side`-pixel square centred at
    /// (centreX, centreY) device pixels, smoothly sampled: a marker drawn as an icon.
    package static func fitted(_ icon: IconImage, centreX x: Double, centreY y: Double, side: Double) -> PlacedIcon {
        let scale = side / Double(max(icon.width, icon.height))
        let w = Double(icon.width) * scale, h = Double(icon.height) * scale
        let quad = IconQuad(a: scale, b: 0, c: 0, d: scale, ox: x - w / 2, oy: y - h / 2,
                            u0: 0, v0: 0, u1: Double(icon.width), v1: Double(icon.height))
        return PlacedIcon(image: icon, quads: [quad], opacity: 1, color: .black, haloColor: .transparent, sdf: nil,
                          smooth: true, box: Box(minX: x - w / 2, minY: y - h / 2, maxX: x + w / 2, maxY: y + h / 2))
    }

    /// Moved by (dx, dy) device pixels.
    func moved(dx: Double, dy: Double) -> PlacedIcon {
        var icon = self
        for i in icon.quads.indices {
            icon.quads[i].ox += dx
            icon.quads[i].oy += dy
        }
        icon.box = Box(minX: box.minX + dx, minY: box.minY + dy, maxX: box.maxX + dx, maxY: box.maxY + dy)
        return icon
    }
}

extension PlacedIcon {
    /// The whole image, upright, as large as fits `box` without growing past `maxScale`
    /// device pixels per CSS pixel, centred in it: a legend swatch for a symbol layer.
    /// Colours, halo and opacity stay the map's.
    public func fitted(in box: Box, maxScale: Double) -> PlacedIcon {
        let w = image.displayWidth, h = image.displayHeight
        let s = min((box.maxX - box.minX) / w, (box.maxY - box.minY) / h, maxScale) / image.pixelRatio
        let ox = (box.minX + box.maxX - Double(image.width) * s) / 2
        let oy = (box.minY + box.maxY - Double(image.height) * s) / 2
        var icon = self
        icon.quads = [IconQuad(a: s, b: 0, c: 0, d: s, ox: ox, oy: oy, u0: 0, v0: 0, u1: Double(image.width), v1: Double(image.height))]
        icon.smooth = s * image.pixelRatio != 1 || image.sdf
        if var sdf = icon.sdf {
            // The field's edges as sharp as the shader makes them at this scale.
            let k = s * image.pixelRatio
            sdf.fillGamma = 0.105 / k
            sdf.haloGamma = sdf.haloGamma * (sdf.fillGamma / max(self.sdf!.fillGamma, 1e-9))
            icon.sdf = sdf
        }
        icon.box = Box(minX: ox, minY: oy, maxX: ox + Double(image.width) * s, maxY: oy + Double(image.height) * s)
        return icon
    }
}
