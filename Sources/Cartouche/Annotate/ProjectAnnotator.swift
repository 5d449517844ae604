#if canImport(Glibc)
import Glibc
#endif
import Geometry
import Render
import Style

/// A project to mark on the map: its number, its name for the callout, and its colour.
public struct ProjectMarker: Sendable {
    /// The number written in the marker.
    public var number: String
    /// The name written in the callout.
    public var name: String
    /// The marker's colour (its category's).
    public var color: Color
    /// The true position's x, device pixels.
    public var x: Double
    /// The true position's y, device pixels.
    public var y: Double
    /// Drawn instead of the plain disc when set (`annotate --icons`), the number on a
    /// badge at its corner.
    public var icon: IconImage?

    /// A marker at its true position, a plain disc.
    public init(number: String, name: String, color: Color, x: Double, y: Double) {
        self.number = number
        self.name = name
        self.color = color
        self.x = x
        self.y = y
    }
}

/// How the annotations look, in device pixels.
public struct AnnotationStyle: Sendable {
    /// The marker disc's radius.
    public var markerRadius: Double
    /// The size of the number in the marker.
    public var numberSize: Double
    /// The size of the callout's text.
    public var calloutSize: Double
    /// The font stack of numbers and callouts (a Chinese face first).
    public var font: [String]
    /// The callout text's colour.
    public var calloutColor: Color
    /// The leader lines' colour.
    public var leaderColor: Color
    /// Space kept between callouts, markers and the frame edge.
    public var padding: Double
    /// How far from its marker a callout may go before it is given up.
    public var maxCalloutDistance: Double

    /// The default look, scaled to `pixelRatio` device pixels per CSS pixel.
    public init(pixelRatio: Double) {
        markerRadius = 8 * pixelRatio
        numberSize = 9.5 * pixelRatio
        calloutSize = 10.5 * pixelRatio
        font = ["Noto Sans CJK SC Regular"]
        calloutColor = Color(r: 0.13, g: 0.13, b: 0.13)
        leaderColor = Color(r: 0.3, g: 0.3, b: 0.3)
        padding = 1.5 * pixelRatio
        maxCalloutDistance = 160 * pixelRatio
    }
}

/// Where everything went.
public struct AnnotationResult: Sendable {
    /// Leader lines, markers with their numbers, and callouts, as scene layers drawn over
    /// the map.
    public var layers: [SceneLayer]
    /// Each marker's circle (centre and radius) as placed, by project index.
    public var markers: [(x: Double, y: Double, radius: Double)]
    /// Each callout's box, nil where no place was found.
    public var callouts: [Box?]

    /// Indexes of the projects whose callouts could not be placed.
    public var unplaced: [Int] { callouts.indices.filter { callouts[$0] == nil } }
}

/// Places numbered markers and name callouts for projects over a map.
///
/// Markers go first, in number order: each at its true point if free, else at the nearest
/// free spot on rings around it (projects that share a place fan out), with a leader to the
/// point. Then callouts, in number order: beside the marker if there is room, else farther
/// out on rings of candidate positions, with a leader line when moved; a callout avoids
/// other callouts, every marker, the map's own labels, and the frame's edges. A callout with
/// no room within `maxCalloutDistance` is reported, not dropped silently.
public enum ProjectAnnotator {
    /// Places the markers and callouts of `projects` inside `frame` (device pixels), avoiding
    /// `obstacles` (the map's labels); never fails: what finds no room is in
    /// `AnnotationResult.unplaced`.
    public static func place(_ projects: [ProjectMarker], frame: Box, obstacles: [Box], style: AnnotationStyle) -> AnnotationResult {
        let r = style.markerRadius
        let step = 2 * r + style.padding
        var placedMarkers: [(x: Double, y: Double, radius: Double)] = []
        var markerIndex = CollisionIndex(width: frame.maxX, height: frame.maxY)
        for p in projects {
            var spot = (x: p.x, y: p.y)
            if !fits(circle: spot, r, frame, markerIndex, style.padding) {
                spot = search(around: (p.x, p.y), step: step, maxRings: 60) { fits(circle: $0, r, frame, markerIndex, style.padding) }
                    ?? (p.x, p.y)
            }
            placedMarkers.append((spot.x, spot.y, r))
            markerIndex.insert(Box(minX: spot.x - r, minY: spot.y - r, maxX: spot.x + r, maxY: spot.y + r))
        }
        // Callouts avoid every marker and the map's labels.
        var callouts = CollisionIndex(width: frame.maxX, height: frame.maxY)
        for b in obstacles { callouts.insert(b) }
        for m in placedMarkers { callouts.insert(Box(minX: m.x - m.radius, minY: m.y - m.radius, maxX: m.x + m.radius, maxY: m.y + m.radius)) }
        var boxes: [Box?] = []
        var labels: [PlacedLabel] = []
        var leaders: [(Double, Double, Double, Double)] = []
        for (p, m) in zip(projects, placedMarkers) {
            let text = PlacedLabel.block(p.name, font: style.font, size: style.calloutSize, color: style.calloutColor,
                                         haloColor: .white, haloWidth: 1.5 * style.calloutSize / 10.5, maxWidth: 9 * style.calloutSize,
                                         alignment: .left)
            let w = text.width, h = text.height
            let near = r + style.padding + 1
            var chosen: Box?
            // Beside the marker: right, left, above, below, then the corners.
            let beside: [(Double, Double)] = [
                (m.x + near, m.y - h / 2), (m.x - near - w, m.y - h / 2), (m.x - w / 2, m.y - near - h), (m.x - w / 2, m.y + near),
                (m.x + near * 0.7, m.y - near * 0.7 - h), (m.x - near * 0.7 - w, m.y - near * 0.7 - h),
                (m.x + near * 0.7, m.y + near * 0.7), (m.x - near * 0.7 - w, m.y + near * 0.7),
            ]
            for (x, y) in beside {
                let b = Box(minX: x, minY: y, maxX: x + w, maxY: y + h)
                if frame.expanded(by: -style.padding).contains(b) && callouts.isFree(b.expanded(by: style.padding)) {
                    chosen = b
                    break
                }
            }
            var moved = false
            if chosen == nil {
                // Farther out, on rings: the label's centre at each candidate.
                let ringStep = max(h, 6 * style.padding)
                if let c = search(around: (m.x, m.y), step: ringStep, maxRings: Int(style.maxCalloutDistance / ringStep), accept: { c in
                    let b = Box(minX: c.x - w / 2, minY: c.y - h / 2, maxX: c.x + w / 2, maxY: c.y + h / 2)
                    return frame.expanded(by: -style.padding).contains(b) && callouts.isFree(b.expanded(by: style.padding))
                }) {
                    chosen = Box(minX: c.x - w / 2, minY: c.y - h / 2, maxX: c.x + w / 2, maxY: c.y + h / 2)
                    moved = true
                }
            }
            boxes.append(chosen)
            guard let b = chosen else { continue }
            callouts.insert(b)
            labels.append(text.moved(dx: b.minX, dy: b.minY))
            if moved {
                // From the marker's edge to the nearest point of the callout's box.
                let tx = min(max(m.x, b.minX), b.maxX), ty = min(max(m.y, b.minY), b.maxY)
                let d = hypot(tx - m.x, ty - m.y)
                if d > r { leaders.append((m.x + (tx - m.x) / d * r, m.y + (ty - m.y) / d * r, tx, ty)) }
            }
        }
        return AnnotationResult(layers: layers(projects, placedMarkers, labels, leaders, style),
                                markers: placedMarkers, callouts: boxes)
    }

    /// True if a marker circle at `c` stays in the frame and clear of placed markers.
    static func fits(circle c: (x: Double, y: Double), _ r: Double, _ frame: Box, _ markers: CollisionIndex, _ padding: Double) -> Bool {
        let b = Box(minX: c.x - r, minY: c.y - r, maxX: c.x + r, maxY: c.y + r)
        return frame.contains(b) && markers.isFree(b.expanded(by: padding / 2))
    }

    /// The nearest point to `centre` on rings `step` apart (more points on wider rings) that
    /// `accept` takes.
    static func search(around centre: (Double, Double), step: Double, maxRings: Int,
                       accept: ((x: Double, y: Double)) -> Bool) -> (x: Double, y: Double)? {
        guard maxRings >= 1 else { return nil }
        for ring in 1...maxRings {
            let radius = Double(ring) * step
            let count = max(8, Int(2 * Double.pi * radius / step))
            for k in 0..<count {
                // Start to the upper right and go round, so neighbours fan out evenly.
                let angle = -Double.pi / 4 + 2 * Double.pi * Double(k) / Double(count)
                let c = (x: centre.0 + radius * cos(angle), y: centre.1 + radius * sin(angle))
                if accept(c) { return c }
            }
        }
        return nil
    }

    static func layers(_ projects: [ProjectMarker], _ markers: [(x: Double, y: Double, radius: Double)], _ labels: [PlacedLabel],
                       _ leaders: [(Double, Double, Double, Double)], _ style: AnnotationStyle) -> [SceneLayer] {
        var lines = SceneLayer(id: "project-leaders")
        let thin = StrokePaint(color: style.leaderColor, width: max(0.8, style.markerRadius / 8), cap: .round)
        // Markers moved off their point are tied to it, with a dot where the project is.
        var dots = SceneLayer(id: "project-points")
        for (p, m) in zip(projects, markers) where hypot(m.x - p.x, m.y - p.y) > 0.5 {
            let i = lines.paths.subpathCount
            let d = hypot(m.x - p.x, m.y - p.y)
            lines.paths.addPolyline([(p.x, p.y), (m.x - (m.x - p.x) / d * m.radius, m.y - (m.y - p.y) / d * m.radius)], closed: false)
            lines.commands.append(.stroke(subpaths: i..<(i + 1), paint: thin))
            dots.commands.append(.circle(x: p.x, y: p.y, paint: CirclePaint(radius: style.markerRadius / 4, color: p.color,
                                                                           strokeWidth: style.markerRadius / 8, strokeColor: .white)))
        }
        for (x0, y0, x1, y1) in leaders {
            let i = lines.paths.subpathCount
            lines.paths.addPolyline([(x0, y0), (x1, y1)], closed: false)
            lines.commands.append(.stroke(subpaths: i..<(i + 1), paint: thin))
        }
        var marks = SceneLayer(id: "project-markers")
        for (p, m) in zip(projects, markers) {
            if let icon = p.icon {
                marks.commands += iconMarker(icon, p, m, style)
                continue
            }
            marks.commands.append(.circle(x: m.x, y: m.y, paint: CirclePaint(radius: m.radius, color: p.color,
                                                                            strokeWidth: style.markerRadius / 6, strokeColor: .white)))
            let digits = PlacedLabel.block(p.number, font: ["Open Sans Bold", "Noto Sans CJK SC Bold"],
                                           size: style.numberSize * (p.number.count > 2 ? 0.8 : 1), color: .white, alignment: .center)
            marks.commands.append(.label(digits.moved(dx: m.x - digits.width / 2, dy: m.y - digits.height / 2)))
        }
        var callouts = SceneLayer(id: "project-callouts")
        callouts.commands = labels.map { .label($0) }
        return [lines, dots, marks, callouts].filter { !$0.commands.isEmpty }
    }

    /// A marker drawn as an icon filling the marker's square, with the project's number on
    /// a small disc of its category's colour at the top right.
    static func iconMarker(_ icon: IconImage, _ p: ProjectMarker, _ m: (x: Double, y: Double, radius: Double),
                           _ style: AnnotationStyle) -> [DrawCommand] {
        let placed = PlacedIcon.fitted(icon, centreX: m.x, centreY: m.y, side: 2 * m.radius)
        let r = m.radius * 0.55
        let bx = m.x + m.radius * 0.75, by = m.y - m.radius * 0.75
        let digits = PlacedLabel.block(p.number, font: ["Open Sans Bold", "Noto Sans CJK SC Bold"],
                                       size: style.numberSize * 0.6 * (p.number.count > 2 ? 0.8 : 1), color: .white, alignment: .center)
        return [.icon(placed),
                .circle(x: bx, y: by, paint: CirclePaint(radius: r, color: p.color, strokeWidth: style.markerRadius / 10, strokeColor: .white)),
                .label(digits.moved(dx: bx - digits.width / 2, dy: by - digits.height / 2))]
    }
}
