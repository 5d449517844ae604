#if canImport(Glibc)
import Glibc
#endif
import Geometry

/// A polyline in device pixels with its cumulative lengths, for walking along it.
struct MeasuredLine {
    let points: [(Double, Double)]
    /// Distance from the start to each point.
    let distances: [Double]

    init(_ points: [(Double, Double)]) {
        var clean: [(Double, Double)] = []
        for p in points where clean.last.map({ $0.0 != p.0 || $0.1 != p.1 }) ?? true { clean.append(p) }
        self.points = clean
        var d = [0.0]
        for i in clean.indices.dropFirst() {
            d.append(d[i - 1] + hypot(clean[i].0 - clean[i - 1].0, clean[i].1 - clean[i - 1].1))
        }
        distances = d
    }

    var length: Double { distances.last ?? 0 }

    /// The ranges of distance along the line that lie inside `box` (each segment clipped
    /// by Liang–Barsky), touching ones merged, in order.
    func stretches(near box: Box) -> [(from: Double, to: Double)] {
        var out: [(from: Double, to: Double)] = []
        for i in points.indices.dropFirst() {
            let a = points[i - 1], b = points[i]
            var t0 = 0.0, t1 = 1.0
            let dx = b.0 - a.0, dy = b.1 - a.1
            var inside = true
            for (p, q) in [(-dx, a.0 - box.minX), (dx, box.maxX - a.0), (-dy, a.1 - box.minY), (dy, box.maxY - a.1)] {
                if p == 0 {
                    if q < 0 { inside = false }
                } else {
                    let r = q / p
                    if p < 0 { t0 = max(t0, r) } else { t1 = min(t1, r) }
                }
            }
            guard inside, t0 <= t1 else { continue }
            let segment = distances[i] - distances[i - 1]
            let from = distances[i - 1] + t0 * segment, to = distances[i - 1] + t1 * segment
            if let last = out.last, last.to >= from {
                out[out.count - 1].to = max(last.to, to)
            } else {
                out.append((from, to))
            }
        }
        return out
    }

    /// The point at distance `d` along the line (clamped to the ends) and the direction of
    /// the segment it lies on, in radians.
    func point(at d: Double) -> (x: Double, y: Double, angle: Double) {
        let n = points.count
        var i = 1
        var lo = 1, hi = n - 1
        while lo <= hi {
            let mid = (lo + hi) / 2
            if distances[mid] < d { lo = mid + 1 } else { i = mid; hi = mid - 1 }
        }
        if d >= length { i = n - 1 }
        let a = points[i - 1], b = points[i]
        let segment = distances[i] - distances[i - 1]
        let t = segment > 0 ? min(max((d - distances[i - 1]) / segment, 0), 1) : 0
        return (a.0 + (b.0 - a.0) * t, a.1 + (b.1 - a.1) * t, atan2(b.1 - a.1, b.0 - a.0))
    }

    /// MapLibre's `checkMaxAngle`: within any window of `window` pixels of the label's
    /// length centred on `at`, the line must not turn by more than `maxAngle` in total.
    func turnsLittle(around at: Double, labelLength: Double, window: Double, maxAngle: Double) -> Bool {
        let start = at - labelLength / 2, end = at + labelLength / 2
        guard start >= 0, end <= length else { return false }
        var corners: [(distance: Double, angle: Double)] = []
        var total = 0.0
        for i in points.indices.dropFirst().dropLast() where distances[i] > start && distances[i] < end {
            let a = points[i - 1], b = points[i], c = points[i + 1]
            var delta = atan2(b.1 - a.1, b.0 - a.0) - atan2(c.1 - b.1, c.0 - b.0)
            delta = abs((delta + 3 * .pi).truncatingRemainder(dividingBy: 2 * .pi) - .pi)
            corners.append((distances[i], delta))
            total += delta
            while let first = corners.first, distances[i] - first.distance > window {
                total -= first.angle
                corners.removeFirst()
            }
            if total > maxAngle { return false }
        }
        return true
    }
}

extension SceneBuilder {
    /// Places labels along a line: one at the middle (`line-center`) or repeated every
    /// `symbol-spacing` pixels (`line`), at distances chosen as MapLibre chooses them, where
    /// the line is straight enough (`text-max-angle`). Each glyph follows the line, the text
    /// turned to read left to right (`text-keep-upright`); Chinese text on a steep line
    /// stands upright, one character under another.
    func placeLineLabels(_ shaped: ShapedLabel, along points: [(Double, Double)], center: Bool,
                         _ rules: PlacementRules, _ collisions: inout CollisionIndex, tile: TilePiece? = nil,
                         repeats: inout RepeatedAnchors) -> [PlacedLabel] {
        let style = shaped.style
        let line = MeasuredLine(points)
        guard line.points.count >= 2 else { return [] }
        let text = style.text.replacingNewlines()
        let clusters = shaped.clusters
        guard !clusters.isEmpty else { return [] }
        let labelLength = clusters.reduce(0) { max($0, $1.x + $1.advance) } - clusters[0].x
        var labels: [PlacedLabel] = []
        let near = rules.image.expanded(by: labelLength + 512)
        for at in anchorDistances(line, labelLength: labelLength, style: style, spacing: rules.spacing, center: center, near: near,
                                  tile: tile) {
            // In a tile, MapLibre drops an anchor closer than half the spacing to one of the
            // same text before it (`anchorIsTooClose`).
            if let tile, !center {
                let p = line.point(at: at)
                if repeats.tooClose(text, tile: tile.index, p.x, p.y, distance: max(rules.spacing, 1) / 2) { continue }
            }
            guard let placed = glyphsAlong(line, at: at, clusters: clusters, labelLength: labelLength, style: style) else { continue }
            let boxes = placed.map(\.box)
            guard fits(boxes, style, rules, collisions) else { continue }
            occupy(boxes, style, &collisions)
            let p = line.point(at: at)
            var label = PlacedLabel(text: text, font: style.font, originX: p.x, originY: p.y, width: labelLength,
                                    height: style.size, color: style.color, haloColor: style.haloColor,
                                    haloWidth: style.haloWidth, haloBlur: style.haloBlur)
            label.glyphs = placed.map(\.glyph)
            label.boxes = boxes
            label.fieldScale = style.size / GlyphAtlas.em
            labels.append(label)
        }
        return labels
    }

    /// Distances along the line where labels may be centred (MapLibre's `getAnchors` and
    /// `resample`, in pixels).
    /// Only anchors on stretches of the line that come `near` the image are tried: a line
    /// projected from far outside the map (a ring round the world reaches billions of
    /// pixels) would otherwise offer one anchor per `spacing` along all of it. The spacing
    /// still counts from the line's start, so the labels that are tried stay where they were.
    /// A tile's piece of a line (`tile`): MapLibre starts the spacing half a spacing in where
    /// the piece continues from the tile's edge, scales the first offset by the tile's
    /// overscaling, and keeps only anchors inside the tile.
    private func anchorDistances(_ line: MeasuredLine, labelLength: Double, style: LabelStyle, spacing: Double,
                                 center: Bool, near: Box, tile: TilePiece?) -> [Double] {
        let window = 3.0 / 5.0 * style.size
        let ok = { (d: Double) in
            if let tile {
                let p = line.point(at: d)
                guard tile.contains(p.x, p.y) else { return false }
            }
            return line.turnsLittle(around: d, labelLength: labelLength, window: window, maxAngle: style.maxAngle)
        }
        if center {
            let middle = line.length / 2
            return ok(middle) ? [middle] : []
        }
        var spacing = max(spacing, 1)
        if spacing - labelLength < spacing / 4 { spacing = labelLength + spacing / 4 }
        let overscaling = tile?.overscaling ?? 1
        let offset = tile?.continued == true
            ? (spacing / 2 * overscaling).truncatingRemainder(dividingBy: spacing)
            : ((labelLength / 2 + 2 * style.size) * overscaling).truncatingRemainder(dividingBy: spacing)
        var anchors: [Double] = []
        for (from, to) in line.stretches(near: near) {
            var d = offset + max(0, ((from - offset) / spacing).rounded(.up)) * spacing
            while d <= to {
                if d - labelLength / 2 >= 0, d + labelLength / 2 <= line.length, ok(d) { anchors.append(d) }
                d += spacing
            }
        }
        if anchors.isEmpty, tile?.continued != true, ok(line.length / 2) { anchors.append(line.length / 2) }
        return anchors
    }

    /// Each glyph's place along the line for a label centred at `at`, with the box it
    /// covers; nil where the label runs off the line.
    private func glyphsAlong(_ line: MeasuredLine, at: Double, clusters: [(text: String, x: Double, advance: Double, runs: [GlyphRun])],
                             labelLength: Double, style: LabelStyle) -> [(glyph: LabelGlyph, box: Box)]? {
        let start = line.point(at: max(0, at - labelLength / 2)), end = line.point(at: min(line.length, at + labelLength / 2))
        let dx = end.x - start.x, dy = end.y - start.y
        let size = style.size
        // MapLibre's glyph-origin line is 17 px (at 24 px) above the line, each baseline its
        // face's ascender below that.
        let ascender = clusters.first?.runs.first.map { Double(GlyphAtlas.shared.ascender($0.font)) } ?? 17
        let baseline = (ascender + SymbolText.yOffset) * size / GlyphAtlas.em
        // Chinese on a steep line stands upright, reading down the line.
        if style.text.allowsVerticalWriting && abs(dy) > abs(dx) {
            let step = size
            let length = step * Double(clusters.count)
            guard at - length / 2 >= 0, at + length / 2 <= line.length else { return nil }
            let downward = dy > 0
            return clusters.enumerated().map { i, c in
                let along = (Double(i) + 0.5) * step - length / 2
                let p = line.point(at: at + (downward ? along : -along))
                let glyph = LabelGlyph(text: c.text, x: p.x - c.advance / 2 + style.offset.0, y: p.y + 0.38 * size + style.offset.1,
                                       angle: 0, runs: c.runs)
                return (glyph, Box(minX: p.x - size / 2, minY: p.y - size / 2, maxX: p.x + size / 2, maxY: p.y + size / 2))
            }
        }
        // Keep upright: if the text would read right to left, walk the line the other way.
        let flip = style.keepUpright && dx < 0
        // text-anchor moves the text along and across the line as it moves point text
        // about its anchor (MapLibre shapes line labels with the anchor too).
        let (h, v) = TextBlock.alignment(style.anchor)
        let across = style.offset.1 + (0.5 - v) * style.lineHeight
        var result: [(LabelGlyph, Box)] = []
        for c in clusters {
            let centre = c.x + c.advance / 2 - h * labelLength + style.offset.0
            let d = at + (flip ? -centre : centre)
            guard d >= 0, d <= line.length else { return nil }
            let p = line.point(at: d)
            var angle = p.angle + (flip ? .pi : 0)
            if angle > .pi { angle -= 2 * .pi }
            let ca = cos(angle), sa = sin(angle)
            // The glyph's baseline-left corner, in the glyph's turned frame.
            let lx = -c.advance / 2, ly = baseline + across
            let glyph = LabelGlyph(text: c.text, x: p.x + lx * ca - ly * sa, y: p.y + lx * sa + ly * ca, angle: angle,
                                   runs: c.runs)
            let cx = p.x - across * sa, cy = p.y + across * ca
            let half = max(c.advance, size) / 2
            result.append((glyph, Box(minX: cx - half, minY: cy - half, maxX: cx + half, maxY: cy + half)))
        }
        return result
    }
}

extension String {
    /// Line labels are one line: breaks become spaces.
    func replacingNewlines() -> String {
        String(map { $0 == "\n" ? " " : $0 })
    }
}
