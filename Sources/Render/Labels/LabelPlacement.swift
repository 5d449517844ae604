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
    func placeLabels() -> (placed: [String: [PlacedLabel]], omitted: Int) {
        var collisions = CollisionIndex(width: Double(frame.pixelWidth), height: Double(frame.pixelHeight))
        var placed: [String: [PlacedLabel]] = [:]
        var total = 0, omitted = 0
        for layer in style.layers.reversed() where layer.type == .symbol && layer.isShown(atZoom: frame.zoom) {
            let labels = placeLabels(of: layer, collisions: &collisions, room: maxLabels - total, omitted: &omitted)
            total += labels.count
            placed[layer.id] = labels
        }
        return (placed, omitted)
    }

    /// What a placement attempt needs besides the label: where it may go and what it hits.
    struct PlacementRules {
        var avoidEdges: Bool
        var image: Box
        var spacing: Double
    }

    private func placeLabels(of layer: Layer, collisions: inout CollisionIndex, room: Int, omitted: inout Int) -> [PlacedLabel] {
        let ctx = layoutContext(nil, 0)
        let placement = layer.layout.string("symbol-placement", ctx) ?? "point"
        let rules = PlacementRules(
            avoidEdges: layer.layout.bool("symbol-avoid-edges", ctx),
            image: Box(minX: 0, minY: 0, maxX: Double(frame.pixelWidth), maxY: Double(frame.pixelHeight)),
            spacing: layer.layout.number("symbol-spacing", ctx) * frame.pixelRatio)
        var labels: [(y: Double, label: PlacedLabel)] = []
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
            var points: [(y: Double, shaped: Int, placement: PointPlacement)] = []
            for (i, (row, label)) in zip(ordered, shaped).enumerated() {
                guard let label else { continue }
                // A feature's labels all go in or none do, so the count may pass the limit
                // by one feature's worth (a line's repeats).
                guard labels.count + points.count < room else {
                    omitted += 1
                    continue
                }
                let style = label.style
                if placement == "point" {
                    for (x, y) in pointAnchors(table, row, transform: copy.transform) {
                        if let placed = placePointLabel(label, x + style.translate.0, y + style.translate.1, rules, &collisions) {
                            points.append((y, i, placed))
                        }
                    }
                } else {
                    for line in lineGeometries(table, row, transform: copy.transform) {
                        let shifted = line.map { ($0.0 + style.translate.0, $0.1 + style.translate.1) }
                        for var placed in placeLineLabels(label, along: shifted, center: placement == "line-center", rules, &collisions) {
                            placed.sortKey = sortKeys?[i]
                            labels.append((placed.glyphs?.first?.y ?? placed.originY, placed))
                        }
                    }
                }
            }
            labels += Parallel.map(points.count) { k in
                var label = points[k].placement.label(shaped[points[k].shaped]!)
                label.sortKey = sortKeys?[points[k].shaped]
                return (points[k].y, label)
            }
        }
        // symbol-z-order: by viewport y (MapLibre's "auto" without a sort key), or as placed.
        let zOrder = layer.layout.string("symbol-z-order", ctx) ?? "auto"
        if zOrder == "viewport-y" || (zOrder == "auto" && !layer.layout.isSet("symbol-sort-key")) {
            // Indices sorted, not the labels: a label is costly to move.
            return labels.indices.sorted { (labels[$0].y, $0) < (labels[$1].y, $1) }.map { labels[$0].label }
        }
        return labels.map(\.label)
    }

    /// Where point-placed labels of a feature go, in device pixels: each point; each
    /// polygon's pole of inaccessibility; the first point of each line (as MapLibre does).
    func pointAnchors(_ table: FeatureTable, _ row: Int, transform: PixelTransform) -> [(Double, Double)] {
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
                let pole = LabelPoint.poleOfInaccessibility(rings: rings, precision: frame.pixelRatio)
                anchors.append((pole.x, pole.y))
            case .line:
                let first = table.points(of: table.rings(of: p).lowerBound).lowerBound
                anchors.append(transform.apply(table.x(first), table.y(first)))
            }
        }
        return anchors
    }

    /// The lines of a feature in device pixels, for labels along lines: lines, and polygon
    /// rings as lines.
    func lineGeometries(_ table: FeatureTable, _ row: Int, transform: PixelTransform) -> [[(Double, Double)]] {
        var lines: [[(Double, Double)]] = []
        let outlined = table.hasSeparateOutline(row)
        for p in table.parts(of: row) where table.isStroked(part: p, of: row, outlined: outlined) {
            for r in table.rings(of: p) {
                lines.append(table.points(of: r).map { i in
                    let q = transform.apply(table.x(i), table.y(i))
                    return (q.x, q.y)
                })
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
