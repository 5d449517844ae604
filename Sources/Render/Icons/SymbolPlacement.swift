#if canImport(Glibc)
import Glibc
#endif
import Geometry
import Style

extension SceneBuilder {
    /// The icon at anchor (x, y), turned by `angle` (the map's bearing for map-aligned
    /// icons, the line's direction along lines); `textBox` is the text's box in device
    /// pixels, for `icon-text-fit`.
    func placedIcon(_ style: IconStyle, x: Double, y: Double, angle: Double, textBox: Box?) -> PlacedIcon {
        let ratio = frame.pixelRatio
        let relative = textBox.map {
            Box(minX: ($0.minX - x) / ratio, minY: ($0.minY - y) / ratio, maxX: ($0.maxX - x) / ratio, maxY: ($0.maxY - y) / ratio)
        }
        let layout = IconLayout(style, textBox: relative)
        let quads = layout.quads.compactMap {
            $0.deviceQuad(x: x, y: y, size: style.size, rotate: style.rotate, angle: angle, pixelRatio: ratio)
        }
        // The collision box: the icon's box scaled, around its turn when it has one
        // (MapLibre ignores the map's turn here).
        let s = style.size * ratio
        let (l, t, r, b) = layout.collisionBox
        var box = Box.empty
        let c = cos(style.rotate), sn = sin(style.rotate)
        for (px, py) in [(l, t), (r, t), (l, b), (r, b)] {
            box.extend(x: x + (px * c - py * sn) * s, y: y + (px * sn + py * c) * s)
        }
        let image = style.image
        let transformed = style.rotationAlignment == "map"
        // MapLibre samples linearly only for these (`iconsNeedLinear`, `iconScaled`,
        // `iconTransformed`): a shield stretched around text stays nearest, crisp-edged.
        let smooth = image.sdf || image.pixelRatio != ratio || style.rotate != 0 || style.size != 1 || transformed
            || style.sizeVaries
        var sdf: SDFEdges?
        var haloColor = style.haloColor
        if image.sdf {
            sdf = SDFEdges(fillEdge: 0.75, fillGamma: 0.105 / ratio / style.size,
                           haloEdge: (6 - style.haloWidth / style.size) / 8,
                           haloGamma: (style.haloBlur * 1.19 / 8 + 0.105 / ratio) / style.size)
            if style.haloWidth <= 0 { haloColor = .transparent }
        }
        return PlacedIcon(image: image, quads: quads, opacity: style.opacity, color: style.color, haloColor: haloColor,
                          sdf: sdf, smooth: smooth, box: box)
    }

    func iconFits(_ icon: PlacedIcon, _ style: IconStyle, _ rules: PlacementRules, _ collisions: CollisionIndex) -> Bool {
        let p = style.padding
        let padded = Box(minX: icon.box.minX - p.3, minY: icon.box.minY - p.0, maxX: icon.box.maxX + p.1, maxY: icon.box.maxY + p.2)
        if rules.avoidEdges && !rules.image.contains(icon.box) { return false }
        return style.allowOverlap || collisions.isFree(padded)
    }

    func occupy(_ icon: PlacedIcon, _ style: IconStyle, _ collisions: inout CollisionIndex) {
        guard !style.ignorePlacement else { return }
        let p = style.padding
        collisions.insert(Box(minX: icon.box.minX - p.3, minY: icon.box.minY - p.0, maxX: icon.box.maxX + p.1,
                              maxY: icon.box.maxY + p.2))
    }

    /// A point symbol's text and icon placed together as MapLibre places them: each
    /// needs the other unless it is optional (`text-optional`, `icon-optional`), and with
    /// variable anchors the first anchor where the pair fits wins.
    func placePointSymbol(_ label: ShapedLabel?, _ icon: IconStyle?, _ x: Double, _ y: Double, textOptional: Bool,
                          _ rules: PlacementRules, _ collisions: inout CollisionIndex) -> (PointPlacement?, PlacedIcon?) {
        guard let icon else {
            guard let label else { return (nil, nil) }
            return (placePointLabel(label, x + label.style.translate.0, y + label.style.translate.1, rules, &collisions), nil)
        }
        let ix = x + icon.translate.0, iy = y + icon.translate.1
        let angle = icon.rotationAlignment == "map" ? -frame.bearing * .pi / 180 : 0
        guard let label else {
            let placed = placedIcon(icon, x: ix, y: iy, angle: angle, textBox: nil)
            guard iconFits(placed, icon, rules, collisions) else { return (nil, nil) }
            occupy(placed, icon, &collisions)
            return (nil, placed)
        }
        let iconWithoutText = textOptional
        let textWithoutIcon = icon.optional
        let fitsText = icon.textFit != "none"
        var candidate: PlacedIcon?
        var candidateFits = false
        let tx = x + label.style.translate.0, ty = y + label.style.translate.1
        let text = placePointLabel(label, tx, ty, rules, &collisions, commit: false) { textBox, collisions in
            let placed = placedIcon(icon, x: ix, y: iy, angle: angle,
                                    textBox: fitsText ? textBox.offset(dx: ix - tx, dy: iy - ty) : nil)
            candidate = placed
            candidateFits = iconFits(placed, icon, rules, collisions)
            // Text that needs its icon tries its next anchor when the icon does not fit.
            return candidateFits || textWithoutIcon
        }
        if text == nil {
            candidate = placedIcon(icon, x: ix, y: iy, angle: angle, textBox: nil)
            candidateFits = iconFits(candidate!, icon, rules, collisions)
        }
        var placeText = text != nil, placeIcon = candidateFits
        if !iconWithoutText && !textWithoutIcon {
            placeText = placeText && placeIcon
            placeIcon = placeText
        } else if !textWithoutIcon {
            placeText = placeText && placeIcon
        } else if !iconWithoutText {
            placeIcon = placeIcon && placeText
        }
        if placeText, let text { occupy([text.box], label.style, &collisions) }
        if placeIcon, let candidate { occupy(candidate, icon, &collisions) }
        return (placeText ? text : nil, placeIcon ? candidate : nil)
    }

    /// Icons along a line without text: anchors every `symbol-spacing` pixels as MapLibre
    /// chooses them (its `getAnchors` with the icon's length), each icon turned with the
    /// line for `icon-rotation-alignment` map (the default there).
    func placeLineIcons(_ icon: IconStyle, along points: [(Double, Double)], center: Bool, textSize: Double,
                        _ rules: PlacementRules, _ collisions: inout CollisionIndex) -> [PlacedIcon] {
        let line = MeasuredLine(points)
        guard line.points.count >= 2, line.length > 0 else { return [] }
        let ratio = frame.pixelRatio
        let width = icon.image.displayWidth * icon.size
        // MapLibre measures with the text's largest size (16 px by default) over 24.
        let boxScale = textSize / 24
        let labelLength = width * boxScale * ratio
        var distances: [Double] = []
        if center {
            distances = [line.length / 2]
        } else {
            let spacing = max(rules.spacing, 1)
            let offset = ((width / 2 + 48) * boxScale * ratio).truncatingRemainder(dividingBy: spacing)
            let near = rules.image.expanded(by: labelLength + 512)
            for (from, to) in line.stretches(near: near) {
                var d = offset + max(0, ((from - offset) / spacing).rounded(.up)) * spacing
                while d <= to {
                    if d - labelLength / 2 >= 0, d + labelLength / 2 <= line.length { distances.append(d) }
                    d += spacing
                }
            }
            if distances.isEmpty && line.length >= labelLength { distances = [line.length / 2] }
        }
        var placed: [PlacedIcon] = []
        for d in distances {
            let p = line.point(at: d)
            var angle = icon.rotationAlignment == "viewport" ? 0 : p.angle
            if icon.keepUpright && icon.rotationAlignment != "viewport" && (angle > .pi / 2 || angle < -.pi / 2) {
                angle += .pi
            }
            let candidate = placedIcon(icon, x: p.x + icon.translate.0, y: p.y + icon.translate.1, angle: angle, textBox: nil)
            guard iconFits(candidate, icon, rules, collisions) else { continue }
            occupy(candidate, icon, &collisions)
            placed.append(candidate)
        }
        return placed
    }
}

extension Box {
    func offset(dx: Double, dy: Double) -> Box {
        Box(minX: minX + dx, minY: minY + dy, maxX: maxX + dx, maxY: maxY + dy)
    }
}
