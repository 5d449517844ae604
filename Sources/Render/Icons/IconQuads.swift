#if canImport(Glibc)
import Glibc
#endif
import Geometry
import Style

/// An icon laid out about its anchor in CSS pixels, before `icon-size`, turns and the
/// pixel ratio: MapLibre's `shapeIcon` (or `fitIconToText`) and `getIconQuads`.
struct IconLayout {
    /// One quad: its corners in CSS pixels scaled by the icon size (at least
    /// `minScale`), plus fixed pixel offsets that do not scale; and the image pixels drawn.
    struct Quad {
        var left, top, right, bottom: Double
        var pxLeft, pxTop, pxRight, pxBottom: Double
        var minScaleX, minScaleY: Double
        var u0, v0, u1, v1: Double
    }

    /// The icon's box (left, top, right, bottom), CSS pixels before `icon-size`.
    var box: (Double, Double, Double, Double)
    /// The box MapLibre collides (`CollisionFeature`): for a fitted image, its box after
    /// `applyTextFit`, grown by the image's border outside its `content` area
    /// (`collisionPadding`), since that border is drawn too.
    var collisionBox: (Double, Double, Double, Double)
    var quads: [Quad]

    /// `textBox`: the text's box relative to the anchor in CSS pixels, for `icon-text-fit`.
    init(_ style: IconStyle, textBox: Box?) {
        let image = style.image
        let w = image.displayWidth, h = image.displayHeight
        var left: Double, top: Double, right: Double, bottom: Double
        let fit = textBox != nil && style.textFit != "none"
        if let text = textBox, fit {
            // Centred on the text, then stretched in the dimensions asked for; icon-anchor
            // does not apply.
            let p = style.textFitPadding
            if style.textFit == "width" || style.textFit == "both" {
                left = style.offset.0 + text.minX - p.3
                right = style.offset.0 + text.maxX + p.1
            } else {
                left = style.offset.0 + (text.minX + text.maxX - w) / 2
                right = left + w
            }
            if style.textFit == "height" || style.textFit == "both" {
                top = style.offset.1 + text.minY - p.0
                bottom = style.offset.1 + text.maxY + p.2
            } else {
                top = style.offset.1 + (text.minY + text.maxY - h) / 2
                bottom = top + h
            }
        } else {
            let (ha, va) = TextBlock.alignment(style.anchor)
            left = style.offset.0 - w * ha
            top = style.offset.1 - h * va
            right = left + w
            bottom = top + h
        }
        box = (left, top, right, bottom)
        let fitted = fit && (image.textFitWidth != nil || image.textFitHeight != nil) ? Self.proportioned(image, box) : box
        quads = Self.quads(image, fitted, fit: fit)
        collisionBox = fitted
        if fit, let content = image.content {
            let ratio = image.pixelRatio
            collisionBox = (fitted.0 - content.0 / ratio, fitted.1 - content.1 / ratio,
                            fitted.2 + w - content.2 / ratio, fitted.3 + h - content.3 / ratio)
        }
    }

    /// MapLibre's `applyTextFit`: an image whose index asks for it keeps its content's
    /// proportions along one axis (height first) instead of stretching to the text.
    private static func proportioned(_ image: IconImage, _ box: (Double, Double, Double, Double)) -> (Double, Double, Double, Double) {
        guard let content = image.content else { return box }
        var (left, top) = (box.0, box.1)
        var width = box.2 - box.0, height = box.3 - box.1
        let aspect = (content.2 - content.0) / (content.3 - content.1)
        let fitWidth = image.textFitWidth ?? "stretchOrShrink", fitHeight = image.textFitHeight ?? "stretchOrShrink"
        if fitHeight == "proportional" {
            if (fitWidth == "stretchOnly" && width / height < aspect) || fitWidth == "proportional" {
                let newWidth = (height * aspect).rounded(.up)
                left *= newWidth / width
                width = newWidth
            }
        } else if fitWidth == "proportional" {
            if fitHeight == "stretchOnly" && aspect != 0 && width / height > aspect {
                let newHeight = (width / aspect).rounded(.up)
                top *= newHeight / height
                height = newHeight
            }
        }
        return (left, top, left + width, top + height)
    }

    /// MapLibre's `getIconQuads`: one quad for the whole image and its pixel of transparent
    /// border, or, for an image stretched around text, a quad per fixed or stretched part.
    private static func quads(_ image: IconImage, _ box: (Double, Double, Double, Double), fit: Bool) -> [Quad] {
        let ratio = image.pixelRatio
        let imageWidth = Double(image.width), imageHeight = Double(image.height)
        let iconWidth = box.2 - box.0, iconHeight = box.3 - box.1
        let stretchX = image.stretchX.isEmpty ? [(0, imageWidth)] : image.stretchX
        let stretchY = image.stretchY.isEmpty ? [(0, imageHeight)] : image.stretchY
        let stretchWidth = sumWithin(stretchX, 0, imageWidth), stretchHeight = sumWithin(stretchY, 0, imageHeight)
        let fixedWidth = imageWidth - stretchWidth, fixedHeight = imageHeight - stretchHeight
        var stretchOffsetX = 0.0, stretchOffsetY = 0.0
        var stretchContentWidth = stretchWidth, stretchContentHeight = stretchHeight
        var fixedOffsetX = 0.0, fixedOffsetY = 0.0
        var fixedContentWidth = fixedWidth, fixedContentHeight = fixedHeight
        if fit, let content = image.content {
            stretchOffsetX = sumWithin(stretchX, 0, content.0)
            stretchOffsetY = sumWithin(stretchY, 0, content.1)
            stretchContentWidth = sumWithin(stretchX, content.0, content.2)
            stretchContentHeight = sumWithin(stretchY, content.1, content.3)
            fixedOffsetX = content.0 - stretchOffsetX
            fixedOffsetY = content.1 - stretchOffsetY
            fixedContentWidth = content.2 - content.0 - stretchContentWidth
            fixedContentHeight = content.3 - content.1 - stretchContentHeight
        }
        typealias Cut = (fixed: Double, stretch: Double)
        func em(_ stretchOffset: Double, _ stretchSize: Double, _ size: Double, _ offset: Double) -> Double {
            offset + size * stretchOffset / stretchSize
        }
        func px(_ fixedOffset: Double, _ fixedSize: Double, _ stretchOffset: Double, _ stretchSize: Double) -> Double {
            fixedOffset - (stretchSize > 0 ? fixedSize * stretchOffset / stretchSize : 0)
        }
        func makeQuad(_ l: Cut, _ t: Cut, _ r: Cut, _ b: Cut) -> Quad {
            Quad(left: em(l.stretch - stretchOffsetX, stretchContentWidth, iconWidth, box.0),
                 top: em(t.stretch - stretchOffsetY, stretchContentHeight, iconHeight, box.1),
                 right: em(r.stretch - stretchOffsetX, stretchContentWidth, iconWidth, box.0),
                 bottom: em(b.stretch - stretchOffsetY, stretchContentHeight, iconHeight, box.1),
                 pxLeft: px(l.fixed - fixedOffsetX, fixedContentWidth, l.stretch, stretchWidth) / ratio,
                 pxTop: px(t.fixed - fixedOffsetY, fixedContentHeight, t.stretch, stretchHeight) / ratio,
                 pxRight: px(r.fixed - fixedOffsetX, fixedContentWidth, r.stretch, stretchWidth) / ratio,
                 pxBottom: px(b.fixed - fixedOffsetY, fixedContentHeight, b.stretch, stretchHeight) / ratio,
                 minScaleX: fixedContentWidth / ratio / iconWidth, minScaleY: fixedContentHeight / ratio / iconHeight,
                 u0: l.stretch + l.fixed, v0: t.stretch + t.fixed, u1: r.stretch + r.fixed, v1: b.stretch + b.fixed)
        }
        guard fit, !image.stretchX.isEmpty || !image.stretchY.isEmpty else {
            return [makeQuad((0, -1), (0, -1), (0, imageWidth + 1), (0, imageHeight + 1))]
        }
        let xCuts = cuts(stretchX, fixedWidth, stretchWidth), yCuts = cuts(stretchY, fixedHeight, stretchHeight)
        var quads: [Quad] = []
        for xi in 0..<(xCuts.count - 1) {
            for yi in 0..<(yCuts.count - 1) {
                quads.append(makeQuad(xCuts[xi], yCuts[yi], xCuts[xi + 1], yCuts[yi + 1]))
            }
        }
        return quads
    }

    /// The length of `stretches` within `min...max`.
    private static func sumWithin(_ stretches: [(Double, Double)], _ min: Double, _ max: Double) -> Double {
        stretches.reduce(0) { sum, s in sum + Swift.max(0, Swift.min(max, s.1) - Swift.max(min, s.0)) }
    }

    /// MapLibre's `stretchZonesToCuts`: each zone's ends as (fixed, stretch) lengths before it.
    private static func cuts(_ zones: [(Double, Double)], _ fixedSize: Double, _ stretchSize: Double)
        -> [(fixed: Double, stretch: Double)] {
        var cuts: [(fixed: Double, stretch: Double)] = [(-1, 0)]
        for (c1, c2) in zones {
            let last = cuts.last!.stretch
            cuts.append((c1 - last, last))
            cuts.append((c1 - last, last + (c2 - c1)))
        }
        cuts.append((fixedSize + 1, stretchSize))
        return cuts
    }
}

extension IconLayout.Quad {
    /// The quad on the device: its corners scaled and turned about the anchor (x, y).
    /// `rotate` turns the icon itself (`icon-rotate`), `angle` the whole (map or line).
    func deviceQuad(x: Double, y: Double, size: Double, rotate: Double, angle: Double, pixelRatio: Double) -> IconQuad? {
        let sx = max(minScaleX, size), sy = max(minScaleY, size)
        let cr = cos(rotate), sr = sin(rotate), ca = cos(angle), sa = sin(angle)
        func corner(_ ex: Double, _ ey: Double, _ px: Double, _ py: Double) -> (Double, Double) {
            var (qx, qy) = (ex * sx, ey * sy)
            (qx, qy) = (qx * cr - qy * sr, qx * sr + qy * cr)
            qx = (qx + px) * pixelRatio
            qy = (qy + py) * pixelRatio
            return (x + qx * ca - qy * sa, y + qx * sa + qy * ca)
        }
        let tl = corner(left, top, pxLeft, pxTop), tr = corner(right, top, pxRight, pxTop)
        let bl = corner(left, bottom, pxLeft, pxBottom)
        let du = u1 - u0, dv = v1 - v0
        guard du > 0, dv > 0 else { return nil }
        let a = (tr.0 - tl.0) / du, b = (tr.1 - tl.1) / du, c = (bl.0 - tl.0) / dv, d = (bl.1 - tl.1) / dv
        return IconQuad(a: a, b: b, c: c, d: d, ox: tl.0 - a * u0 - c * v0, oy: tl.1 - b * u0 - d * v0,
                        u0: u0, v0: v0, u1: u1, v1: v1)
    }
}
