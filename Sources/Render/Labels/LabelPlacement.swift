#if canImport(Glibc)
import Glibc
#endif
import Geometry
import Style

extension SceneBuilder {
    /// Places the labels of every symbol layer, top layer first (MapLibre gives symbols in
    /// higher layers priority), each label tested against all placed before it.
    /// At most `maxLabels` are placed; `omitted` counts the features whose labels were not
    /// tried once the limit was reached.
    func placeLabels() -> (placed: [String: SymbolsOfLayer], omitted: Int) {
        let empty = CollisionIndex(width: Double(frame.pixelWidth), height: Double(frame.pixelHeight))
        // MapLibre's map option `crossSourceCollisions: false`: symbols collide only with
        // those of their own source (set in the style's metadata, as the render tests do).
        let metadata = style.metadata
        let crossSource = (metadata["cartouche:crossSourceCollisions"] ?? metadata["test"]?["crossSourceCollisions"])?.boolValue ?? true
        var indexes: [String: CollisionIndex] = [:]
        var placed: [String: SymbolsOfLayer] = [:]
        var total = 0, omitted = 0
        for layer in style.layers.reversed() where layer.type == .symbol && layer.isShown(atZoom: frame.zoom) {
            let group = crossSource ? "" : layer.source ?? ""
            var collisions = indexes.removeValue(forKey: group) ?? empty
            defer { indexes[group] = collisions }
            let symbols = placeLabels(of: layer, collisions: &collisions, room: maxLabels - total, omitted: &omitted)
            total += symbols.labels.count + symbols.icons.count
            placed[layer.id] = symbols
        }
        return (placed, omitted)
    }

    /// A symbol layer's placed labels and icons, and the images it named that the sprite
    /// lacks.
    struct SymbolsOfLayer {
        var labels: [PlacedLabel] = []
        var icons: [PlacedIcon] = []
        var missingImages: Set<String> = []
    }

    /// What a placement attempt needs besides the label: where it may go and what it hits.
    struct PlacementRules {
        var avoidEdges: Bool
        var image: Box
        var spacing: Double
    }

    private func placeLabels(of layer: Layer, collisions: inout CollisionIndex, room: Int, omitted: inout Int) -> SymbolsOfLayer {
        let ctx = layoutContext(nil, 0)
        let placement = layer.layout.string("symbol-placement", ctx) ?? "point"
        let rules = PlacementRules(
            avoidEdges: layer.layout.bool("symbol-avoid-edges", ctx),
            image: Box(minX: 0, minY: 0, maxX: Double(frame.pixelWidth), maxY: Double(frame.pixelHeight)),
            spacing: layer.layout.number("symbol-spacing", ctx) * frame.pixelRatio)
        // Each symbol's tile, when its source was cut from tiles (see `TileDrawOrder`).
        var labels: [(tile: TileDrawOrder.Key?, y: Double, label: PlacedLabel)] = []
        var icons: [(tile: TileDrawOrder.Key?, y: Double, icon: PlacedIcon)] = []
        var missing = Set<String>()
        let hasIcons = layer.layout.isSet("icon-image")
        let textOptional = layer.layout.bool("text-optional", ctx)
        var repeats = RepeatedAnchors()
        for copy in worldCopies {
            guard let (source, rows) = visibleFeatures(layer, margin: 512, copy: copy) else { continue }
            let table = source.table
            let ordered = sorted(rows, layer, key: "symbol-sort-key", source)
            let sortKeys = layer.layout.isSet("symbol-sort-key")
                ? ordered.map { layer.layout.number("symbol-sort-key", layoutContext(source, $0)) } : nil
            // Evaluating and shaping each feature's text is independent work: done on all
            // cores first. Placement then goes in priority order, each label against those
            // placed before it.
            let shared = ordered.first.flatMap { sharedLabelLook(layer, source, firstRow: $0) }
            let shaped = Parallel.map(ordered.count) { i in
                labelStyle(layer, source, ordered[i], shared: shared).map { ShapedLabel($0, alongLines: placement != "point") }
            }
            // Point labels are made once all are placed, on all cores: until then, only
            // where each went.
            let iconStyles = hasIcons ? ordered.map { iconStyle(layer, source, $0, missing: &missing) } : []
            var points: [(tile: TileDrawOrder.Key?, y: Double, shaped: Int, placement: PointPlacement)] = []
            let tiles = TileDrawOrder(source, frame: frame, transform: copy.transform)
            // With symbol-z-order viewport-y, MapLibre places from the bottom of the view up
            // (the order the symbols are drawn in, reversed).
            // Line labels of tiles: ways of one road are joined within each tile first.
            let merged: (lines: [Int: [Double]], absorbed: Set<Int>) = placement == "line" && table.tiles != nil
                ? mergedLines(table, ordered, texts: shaped.map { $0?.style.text }) : ([:], [])
            var placementOrder = Array(ordered.indices)
            if placement == "point" && layer.layout.string("symbol-z-order", ctx) == "viewport-y" {
                let ys = ordered.map { pointAnchors(table, $0, transform: copy.transform, source: source).first?.1 ?? 0 }
                placementOrder.sort { (-ys[$0], $0) < (-ys[$1], $1) }
            }
            for i in placementOrder {
                let row = ordered[i], label = shaped[i]
                let icon = hasIcons ? iconStyles[i] : nil
                guard label != nil || icon != nil else { continue }
                // A feature's labels all go in or none do, so the count may pass the limit
                // by one feature's worth (a line's repeats).
                guard labels.count + points.count + icons.count < room else {
                    omitted += 1
                    continue
                }
                // A tile's point labels are its own: anchors in its buffer are its neighbour's.
                let square = table.tiles?.square(of: row)
                let tileIndex = table.tiles?.ofFeature[row] ?? -1
                let tile = square.map {
                    TilePiece(index: tileIndex, continued: false, overscaling: $0.overscaling, square: $0.box, toMap: copy.transform.inverted)
                }
                if placement == "point" {
                    for (x, y) in pointAnchors(table, row, transform: copy.transform, source: source) where tile?.contains(x, y) ?? true {
                        let (text, symbolIcon) = placePointSymbol(label, icon, x, y, textOptional: textOptional, rules, &collisions)
                        let drawnWith = tiles?.key(x, y)
                        if let text { points.append((drawnWith, y, i, text)) }
                        if var symbolIcon {
                            symbolIcon.sortKey = sortKeys?[i]
                            icons.append((drawnWith, y, symbolIcon))
                        }
                    }
                } else if let label {
                    let style = label.style
                    // MapLibre places a tile's `line` labels on its piece of the line cut at
                    // its square, and a `line-center` label at the middle of the tile's whole
                    // line (its buffer too), if that is inside the tile.
                    var lines: [(line: [(Double, Double)], tile: TilePiece?)] = []
                    if merged.absorbed.contains(i) { continue }
                    if let square, placement == "line" {
                        lines = tileLineGeometries(table, row, square: square, index: tileIndex, transform: copy.transform, translate: style.translate,
                                                   firstLine: merged.lines[i])
                            .map { ($0.line, $0.tile) }
                    } else {
                        var toMap = copy.transform
                        toMap.tx += style.translate.0
                        toMap.ty += style.translate.1
                        let centreTile = tile.map { TilePiece(index: tileIndex, continued: false, overscaling: $0.overscaling, square: $0.square, toMap: toMap.inverted) }
                        lines = lineGeometries(table, row, transform: copy.transform).map { line in
                            (line.map { ($0.0 + style.translate.0, $0.1 + style.translate.1) }, centreTile)
                        }
                    }
                    for (shifted, piece) in lines {
                        for var placed in placeLineLabels(label, along: shifted, center: placement == "line-center", rules, &collisions,
                                                          tile: piece, repeats: &repeats) {
                            placed.sortKey = sortKeys?[i]
                            labels.append((nil, placed.glyphs?.first?.y ?? placed.originY, placed))
                            // The icon goes at the label's anchor, turned with the line there.
                            if let icon {
                                let angle = (placed.glyphs?.first?.angle ?? 0)
                                var lineIcon = placedIcon(icon, x: placed.originX + icon.translate.0 - style.translate.0,
                                                          y: placed.originY + icon.translate.1 - style.translate.1,
                                                          angle: icon.rotationAlignment == "viewport" ? 0 : angle, textBox: nil)
                                lineIcon.sortKey = sortKeys?[i]
                                icons.append((nil, placed.originY, lineIcon))
                            }
                        }
                    }
                } else if let icon {
                    let textSize = layer.layout.number("text-size", layoutContext(source, row))
                    // A tile's icons go on its piece of each line, as they did when tiles were cut.
                    let lines = square.map { tileLineGeometries(table, row, square: $0, index: tileIndex, transform: copy.transform, translate: (0, 0)).map(\.line) }
                        ?? lineGeometries(table, row, transform: copy.transform)
                    for line in lines {
                        for var lineIcon in placeLineIcons(icon, along: line, center: placement == "line-center", textSize: textSize,
                                                           rules, &collisions) {
                            lineIcon.sortKey = sortKeys?[i]
                            icons.append((nil, (lineIcon.box.minY + lineIcon.box.maxY) / 2, lineIcon))
                        }
                    }
                }
            }
            labels += Parallel.map(points.count) { k in
                var label = points[k].placement.label(shaped[points[k].shaped]!)
                label.sortKey = sortKeys?[points[k].shaped]
                return (points[k].tile, points[k].y, label)
            }
        }
        // symbol-z-order: by viewport y (MapLibre's "auto" without a sort key), or as placed.
        let zOrder = layer.layout.string("symbol-z-order", ctx) ?? "auto"
        let sortKeySet = layer.layout.isSet("symbol-sort-key")
        let byY = zOrder == "viewport-y" || (zOrder == "auto" && !sortKeySet)
        // Symbols from tiles without a sort key draw tile by tile, in draw groups (the
        // tile's rank as their sort key), each tile's in the order above.
        let tiles = sortKeySet ? [] : Set(labels.compactMap(\.tile) + icons.compactMap(\.tile)).sorted()
        let rank = Dictionary(uniqueKeysWithValues: tiles.enumerated().map { ($1, $0) })
        func group(_ tile: TileDrawOrder.Key?) -> Int { tile.flatMap { rank[$0] } ?? 0 }
        // Indices sorted, not the labels: a label is costly to move.
        let labelOrder = labels.indices.sorted {
            (group(labels[$0].tile), byY ? labels[$0].y : 0, $0) < (group(labels[$1].tile), byY ? labels[$1].y : 0, $1)
        }
        let iconOrder = icons.indices.sorted {
            (group(icons[$0].tile), byY ? icons[$0].y : 0, $0) < (group(icons[$1].tile), byY ? icons[$1].y : 0, $1)
        }
        var symbols = SymbolsOfLayer(missingImages: missing)
        symbols.labels = labelOrder.map { labels[$0].label }
        symbols.icons = iconOrder.map { icons[$0].icon }
        if !tiles.isEmpty {
            for k in labelOrder.indices { symbols.labels[k].sortKey = Double(group(labels[labelOrder[k]].tile)) }
            for k in iconOrder.indices { symbols.icons[k].sortKey = Double(group(icons[iconOrder[k]].tile)) }
        }
        return symbols
    }

    /// Where point-placed labels of a feature go, in device pixels: each point; each
    /// polygon's pole of inaccessibility; the first point of each line (as MapLibre does).
    /// MapLibre finds the pole to a pixel of the tile it lays the polygon out in: for
    /// polygons from tiles drawn past their zoom (overzoomed), to that many map pixels.
    func pointAnchors(_ table: FeatureTable, _ row: Int, transform: PixelTransform, source: RenderSource? = nil)
        -> [(Double, Double)] {
        let overzoom = source?.tileZoom.map { max(1, pow(2, frame.zoom - Double($0))) } ?? 1
        var anchors: [(Double, Double)] = []
        let outlined = table.hasSeparateOutline(row)
        for p in table.parts(of: row) where !(outlined && table.partKinds[p] == .line) {
            switch table.partKinds[p] {
            case .point:
                for r in table.rings(of: p) {
                    for i in table.points(of: r) { anchors.append(transform.apply(table.x(i), table.y(i))) }
                }
            case .polygon:
                let rings = table.rings(of: p).map { r in
                    table.points(of: r).flatMap { i -> [Double] in
                        let q = transform.apply(table.x(i), table.y(i))
                        return [q.x, q.y]
                    }
                }
                let pole = LabelPoint.poleOfInaccessibility(rings: rings, precision: frame.pixelRatio * overzoom)
                anchors.append((pole.x, pole.y))
            case .line:
                let first = table.points(of: table.rings(of: p).lowerBound).lowerBound
                anchors.append(transform.apply(table.x(first), table.y(first)))
            }
        }
        return anchors
    }

    /// The lines of a feature in device pixels, for labels along lines: lines, and polygon
    /// rings as lines, wound as MapLibre's GeoJSON tiler winds them (outer rings clockwise
    /// on the screen, holes the other way), which decides where along a ring labels start.
    func lineGeometries(_ table: FeatureTable, _ row: Int, transform: PixelTransform) -> [[(Double, Double)]] {
        var lines: [[(Double, Double)]] = []
        let outlined = table.hasSeparateOutline(row)
        for p in table.parts(of: row) where table.isStroked(part: p, of: row, outlined: outlined) {
            for (k, r) in table.rings(of: p).enumerated() {
                var line = table.points(of: r).map { i in
                    let q = transform.apply(table.x(i), table.y(i))
                    return (q.x, q.y)
                }
                if table.partKinds[p] == .polygon {
                    var area = 0.0
                    for i in line.indices.dropLast() { area += (line[i + 1].0 - line[i].0) * (line[i].1 + line[i + 1].1) }
                    if (area > 0) == (k == 0) { line.reverse() }
                }
                lines.append(line)
            }
        }
        return lines
    }

    /// True if every box fits the rules: inside the image when edges are avoided, and clear
    /// of every placed box unless overlap is allowed.
    func fits(_ boxes: [Box], _ style: LabelStyle, _ rules: PlacementRules, _ collisions: CollisionIndex,
              allowOverlap: Bool? = nil) -> Bool {
        let overlap = allowOverlap ?? style.allowOverlap
        for box in boxes {
            if rules.avoidEdges && !rules.image.contains(box) { return false }
            if !overlap && !collisions.isFree(box.expanded(by: style.padding)) { return false }
        }
        return true
    }

    func occupy(_ boxes: [Box], _ style: LabelStyle, _ collisions: inout CollisionIndex) {
        guard !style.ignorePlacement else { return }
        for box in boxes { collisions.insert(box.expanded(by: style.padding)) }
    }
}

/// A feature's label style with its text shaped, ready for placement: a text block (and a
/// vertical column, if vertical writing is allowed) for point labels, clusters for labels
/// along lines. A class: each is shared, not copied, between shaping and placement.
final class ShapedLabel {
    let style: LabelStyle
    let block: SymbolText?
    let column: VerticalText?
    let clusters: [(text: String, x: Double, advance: Double, runs: [GlyphRun])]

    init(_ style: LabelStyle, alongLines: Bool) {
        self.style = style
        if alongLines {
            block = nil
            column = nil
            clusters = SymbolText.clusters(style.text.replacingNewlines(), font: style.font, size: style.size,
                                           letterSpacing: style.letterSpacing, glyphs: style.glyphStack)
        } else {
            block = style.writingModes.contains(false) ? SymbolText.shape(
                style.text, font: style.font, size: style.size, maxWidth: style.maxWidth, lineHeight: style.lineHeight,
                letterSpacing: style.letterSpacing, colors: style.sectionColors, glyphs: style.glyphStack) : nil
            column = style.writingModes.contains(true) ? VerticalText(style) : nil
            clusters = []
        }
    }
}
