#if canImport(Glibc)
import Glibc
#endif
import Geometry

extension SceneBuilder {
    /// Where a point label went: found in priority order, one label after another, and
    /// made into a `PlacedLabel` afterwards, on all cores (`label(_:)`).
    struct PointPlacement {
        var x: Double
        var y: Double
        var anchor: String
        var offset: (Double, Double)
        var justify: Double
        var rotation: Double
        /// The point the text turns about: the anchor, or with a variable anchor the
        /// shifted anchor (MapLibre turns the glyphs about the point the shift moved).
        var pivot: (Double, Double)
        var vertical: Bool
        var box: Box

        /// The label at this placement.
        func label(_ shaped: ShapedLabel) -> PlacedLabel {
            if vertical, let column = shaped.column {
                var label = column.placed(anchorX: x, anchorY: y, anchor: anchor, offset: offset, style: shaped.style)
                label.boxes = [box]
                return label
            }
            var label = shaped.block!.placed(anchorX: x, anchorY: y, anchor: anchor, offset: offset, justify: justify,
                                             style: shaped.style)
            label.rotation = rotation
            label.pivotX = pivot.0
            label.pivotY = pivot.1
            label.boxes = [box]
            return label
        }
    }

    /// Places a point label at (x, y): each writing mode, then each of the anchors allowed,
    /// in order, until one fits (and `accept`, given the text's box, agrees: a symbol's
    /// icon must fit too). `commit` false leaves the box for the caller to occupy.
    func placePointLabel(_ shaped: ShapedLabel, _ x: Double, _ y: Double, _ rules: PlacementRules,
                         _ collisions: inout CollisionIndex, commit: Bool = true,
                         accept: ((Box, CollisionIndex) -> Bool)? = nil) -> PointPlacement? {
        let style = shaped.style
        let anchors = style.variableAnchors.isEmpty ? [(anchor: style.anchor, offset: style.offset)] : style.variableAnchors
        // Map-aligned point labels turn with the map.
        let rotation = style.rotate - (style.rotationAlignment == "map" ? frame.bearing * .pi / 180 : 0)
        // With variable anchors, overlap is allowed only once no anchor fits without it
        // (MapLibre tries every anchor twice, the second time allowing overlap).
        let passes = style.variableAnchors.isEmpty ? [style.allowOverlap] : style.allowOverlap ? [false, true] : [false]
        // MapLibre shows text that may overlap even where its box is off the collision
        // grid, unless a variable anchor has to be found for it.
        let alwaysShown = style.allowOverlap && style.variableAnchors.isEmpty
        for vertical in style.writingModes {
            for overlap in passes {
                for (anchor, anchorOffset) in anchors {
                    if !vertical, let block = shaped.block {
                        var (place, offset) = style.variableAnchors.isEmpty ? (anchor, anchorOffset)
                            : Self.variableShift(anchor, block.width, block.height, style.padding, anchorOffset)
                        if !style.variableAnchors.isEmpty { offset = turnedWithMap(offset, style) }
                        let box = style.variableAnchors.isEmpty
                            ? rotated(block.box(anchorX: x, anchorY: y, anchor: place, offset: offset), rotation, x, y)
                            : variableAnchorBox(block, x, y, offset, style)
                        guard fits([box], style, rules, collisions, allowOverlap: overlap),
                              alwaysShown || inCollisionGrid(box.expanded(by: style.padding)),
                              accept?(box, collisions) ?? true else { continue }
                        if commit { occupy([box], style, &collisions) }
                        // Text at a variable anchor turns about the point the shift moved it to.
                        let pivot = style.variableAnchors.isEmpty ? (x, y) : (x + offset.0, y + offset.1)
                        return PointPlacement(x: x, y: y, anchor: place, offset: offset, justify: style.justification(anchor),
                                              rotation: rotation, pivot: pivot, vertical: false, box: box)
                    }
                    guard let column = shaped.column else { continue }
                    let (place, offset) = style.variableAnchors.isEmpty ? (anchor, anchorOffset)
                        : Self.variableShift(anchor, column.width, column.height, style.padding, anchorOffset)
                    let box = column.box(anchorX: x, anchorY: y, anchor: place, offset: offset)
                    guard fits([box], style, rules, collisions, allowOverlap: overlap),
                          alwaysShown || inCollisionGrid(box.expanded(by: style.padding)),
                          accept?(box, collisions) ?? true else { continue }
                    if commit { occupy([box], style, &collisions) }
                    return PointPlacement(x: x, y: y, anchor: place, offset: offset, justify: 0, rotation: 0,
                                          pivot: (x, y), vertical: true, box: box)
                }
            }
        }
        return nil
    }

    /// Where MapLibre puts text at a variable anchor (`calculateVariableLayoutOffset`): it
    /// shapes the text centred and moves it by half its collision box toward the anchor's
    /// side. That box includes `text-padding`, so such text sits a padding further out than
    /// text with the same fixed anchor. Returns the anchor to place with and its offset.
    static func variableShift(_ anchor: String, _ width: Double, _ height: Double, _ padding: Double,
                              _ offset: (Double, Double)) -> (String, (Double, Double)) {
        let (h, v) = TextBlock.alignment(anchor)
        return ("center", (-(h - 0.5) * (width + 2 * padding) + offset.0, -(v - 0.5) * (height + 2 * padding) + offset.1))
    }

    /// False for a box wholly outside MapLibre's collision grid, the view grown by 100 CSS
    /// pixels (`viewportPadding`): MapLibre does not place a symbol there, so it neither
    /// shows nor blocks others, and a variable anchor moves on to the next anchor.
    func inCollisionGrid(_ box: Box) -> Bool {
        let pad = 100 * frame.pixelRatio
        return box.maxX >= -pad && box.minX < Double(frame.pixelWidth) + pad
            && box.maxY >= -pad && box.minY < Double(frame.pixelHeight) + pad
    }

    /// The collision box of text at a variable anchor, as MapLibre tests it: the centred
    /// text's box, turned by `text-rotate` about the anchor (never by the map: MapLibre's
    /// collision boxes stay upright, so map-aligned labels on a rotated map may overlap),
    /// moved by the shift.
    func variableAnchorBox(_ block: SymbolText, _ x: Double, _ y: Double, _ shift: (Double, Double),
                           _ style: LabelStyle) -> Box {
        let box = rotated(block.box(anchorX: x, anchorY: y, anchor: "center", offset: (0, 0)), style.rotate, x, y)
        return Box(minX: box.minX + shift.0, minY: box.minY + shift.1, maxX: box.maxX + shift.0, maxY: box.maxY + shift.1)
    }

    /// A variable anchor's shift for `text-rotation-alignment: map`: turned with the map
    /// (MapLibre's `calculateVariableLayoutOffset` for the collision box and the render
    /// shift of its variable-anchor update), so the text keeps its side of the anchor as
    /// the map turns.
    func turnedWithMap(_ shift: (Double, Double), _ style: LabelStyle) -> (Double, Double) {
        guard style.rotationAlignment == "map", frame.bearing != 0 else { return shift }
        let turn = -frame.bearing * .pi / 180
        return (shift.0 * cos(turn) - shift.1 * sin(turn), shift.0 * sin(turn) + shift.1 * cos(turn))
    }

    /// The bounding box of `box` turned by `angle` about (px, py).
    func rotated(_ box: Box, _ angle: Double, _ px: Double, _ py: Double) -> Box {
        guard angle != 0 else { return box }
        var out = Box.empty
        let c = cos(angle), s = sin(angle)
        for (x, y) in [(box.minX, box.minY), (box.maxX, box.minY), (box.minX, box.maxY), (box.maxX, box.maxY)] {
            out.extend(x: px + (x - px) * c - (y - py) * s, y: py + (x - px) * s + (y - py) * c)
        }
        return out
    }
}

/// Text written top to bottom, for `text-writing-mode: ["vertical"]`: characters upright one
/// under another, each an em apart; spaces and Arabic turned a quarter clockwise. Lines
/// (line feeds, and breaks by `text-max-width`) are columns, right to left.
struct VerticalText {
    let columns: [[String]]
    let size: Double
    let font: String
    let columnWidth: Double
    /// Each character's advance and glyphs, shaped once.
    let shaped: [String: (advance: Double, runs: [GlyphRun])]

    init(_ style: LabelStyle) {
        size = style.size
        font = style.font
        columnWidth = style.lineHeight
        let paragraphs = Self.paragraphs(style.text)
        var shaped: [String: (Double, [GlyphRun])] = [:]
        for character in Set(paragraphs.joined()) {
            let c = TextShaper.current.clusters(character, font: font, letterSpacing: 0).first
            shaped[character] = (c?.advance ?? style.size, c?.runs ?? [])
            if let glyphs = style.glyphStack, let own = GlyphSets.shared.verticalCharacter(
                character, runs: c?.runs ?? [], upright: Self.standsUpright(character), stack: glyphs, font: font, scale: style.size / GlyphAtlas.em) {
                shaped[character] = own
            }
        }
        self.shaped = shaped
        let size = style.size
        columns = Self.columns(paragraphs, maxWidth: style.maxWidth, font: font) { c in
            Self.standsUpright(c) ? size : shaped[c]?.0 ?? size
        }
    }

    /// Columns are a line height apart, as MapLibre's lines are: its vertical box is
    /// its horizontal one turned.
    var width: Double { Double(columns.count) * columnWidth }
    var height: Double { columns.map { $0.reduce(0) { $0 + step($1) } }.max() ?? 0 }

    /// MapLibre stands every character upright in a vertical label but spaces and
    /// letters of joining scripts (Arabic), which lie turned a quarter clockwise.
    static func standsUpright(_ character: String) -> Bool {
        guard let first = character.unicodeScalars.first else { return false }
        return !first.properties.isWhitespace && String(first).allowsLetterSpacing
    }

    /// How far down the column a character takes: an em upright, its advance turned.
    private func step(_ character: String) -> Double {
        Self.standsUpright(character) ? size : shaped[character]?.advance ?? size
    }

    func box(anchorX x: Double, anchorY y: Double, anchor: String, offset: (Double, Double)) -> Box {
        let (h, v) = TextBlock.alignment(anchor)
        let left = x - h * width + offset.0, top = y - v * height + offset.1
        return Box(minX: left, minY: top, maxX: left + width, maxY: top + height)
    }

    func placed(anchorX x: Double, anchorY y: Double, anchor: String, offset: (Double, Double), style: LabelStyle) -> PlacedLabel {
        let box = box(anchorX: x, anchorY: y, anchor: anchor, offset: offset)
        var glyphs: [LabelGlyph] = []
        for (c, column) in columns.enumerated() {
            let centreX = box.maxX - (Double(c) + 0.5) * columnWidth
            var top = box.minY
            for character in column {
                let advance = shaped[character]?.advance ?? size
                let runs = shaped[character]?.runs ?? []
                let step = step(character)
                let centreY = top + step / 2
                top += step
                if Self.standsUpright(character) {
                    // Upright: the ideograph's em box (baseline 0.12 em above its bottom) centred.
                    glyphs.append(LabelGlyph(text: character, x: centreX - advance / 2, y: centreY + 0.38 * size, angle: 0, runs: runs))
                } else {
                    // Turned a quarter clockwise, its baseline down the column's middle.
                    glyphs.append(LabelGlyph(text: character, x: centreX - 0.38 * size, y: centreY - advance / 2, angle: .pi / 2,
                                             runs: runs))
                }
            }
        }
        var label = PlacedLabel(text: style.text, font: font, originX: box.minX, originY: box.minY, width: width,
                                height: height, color: style.color, haloColor: style.haloColor, haloWidth: style.haloWidth,
                                haloBlur: style.haloBlur)
        label.glyphs = glyphs
        label.fieldScale = size / GlyphAtlas.em
        return label
    }
}
