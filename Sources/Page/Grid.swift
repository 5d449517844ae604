#if canImport(Glibc)
import Glibc
#endif
import Geometry
import Projection
import Render
import Style

extension PageCanvas {
    /// Lines of equal longitude and latitude (graticule) or of round map coordinates
    /// (projected grid) across the map frame, with their values written outside the frame
    /// where they cross its edges.
    mutating func addGrid(_ grid: GridElement) throws {
        let frame = inputs.frame
        let box = device(layout.mapFrame)
        let toPage = { (x: Double, y: Double) -> (Double, Double) in
            let p = frame.transform.apply(x, y)
            return (p.x + box.minX, p.y + box.minY)
        }
        let bounds = frame.mapBounds()
        var lines: [(points: [(Double, Double)], label: String, vertical: Bool)] = []
        switch grid.kind {
        case .projected:
            let span = max(bounds.width, bounds.height)
            let interval = grid.interval ?? Self.niceInterval(span, candidates: [1, 2, 5])
            let geographic = frame.crs.isGeographic
            var x = (bounds.minX / interval).rounded(.up) * interval
            while x <= bounds.maxX {
                lines.append(([toPage(x, bounds.minY), toPage(x, bounds.maxY)], Self.coordinate(x, geographic, east: true), true))
                x += interval
            }
            var y = (bounds.minY / interval).rounded(.up) * interval
            while y <= bounds.maxY {
                lines.append(([toPage(bounds.minX, y), toPage(bounds.maxX, y)], Self.coordinate(y, geographic, east: false), false))
                y += interval
            }
        case .graticule:
            let t = try Transformer(from: .wgs84, to: frame.crs)
            let ll = try t.envelope(of: bounds, samplesPerEdge: 32, .inverse)
            let span = max(ll.width, ll.height)
            let interval = grid.interval ?? Self.niceInterval(span, candidates: [1, 2, 2.5, 5])
            func projected(_ points: [(Double, Double)]) -> [(Double, Double)] {
                points.compactMap { p in t.transform(x: p.0, y: p.1).map { toPage($0.x, $0.y) } }
            }
            var lon = (ll.minX / interval).rounded(.up) * interval
            while lon <= ll.maxX {
                let points = (0...48).map { (lon, ll.minY + Double($0) / 48 * ll.height) }
                lines.append((projected(points), Self.degrees(lon, interval, positive: "E", negative: "W"), true))
                lon += interval
            }
            var lat = (ll.minY / interval).rounded(.up) * interval
            while lat <= ll.maxY {
                let points = (0...48).map { (ll.minX + Double($0) / 48 * ll.width, lat) }
                lines.append((projected(points), Self.degrees(lat, interval, positive: "N", negative: "S"), false))
                lat += interval
            }
        }
        var lineLayer = SceneLayer(id: "grid")
        lineLayer.clip = box
        var labels = SceneLayer(id: "grid-labels")
        let gap = 0.8 * ratio * 96 / 25.4
        for line in lines where line.points.count >= 2 {
            let i = lineLayer.paths.subpathCount
            lineLayer.paths.addPolyline(line.points, closed: false)
            lineLayer.commands.append(.stroke(subpaths: i..<(i + 1), paint: StrokePaint(color: grid.color, width: grid.width * ratio)))
            guard grid.labels else { continue }
            let text = label(line.label, grid.text)
            // Meridians and eastings are written above and below the frame; parallels and
            // northings left and right of it.
            if line.vertical {
                for (edge, above) in [(box.minY, true), (box.maxY, false)] {
                    if let x = Self.crossing(line.points, y: edge, within: box.minX...box.maxX) {
                        let y = above ? edge - gap - text.height : edge + gap
                        labels.commands.append(.label(text.moved(dx: x - text.width / 2, dy: y)))
                    }
                }
            } else {
                for (edge, left) in [(box.minX, true), (box.maxX, false)] {
                    if let y = Self.crossing(line.points.map { ($0.1, $0.0) }, y: edge, within: box.minY...box.maxY) {
                        let x = left ? edge - gap - text.width : edge + gap
                        labels.commands.append(.label(text.moved(dx: x, dy: y - text.height / 2)))
                    }
                }
            }
        }
        scene.layers.append(lineLayer)
        if !labels.commands.isEmpty { scene.layers.append(labels) }
    }

    /// Where a polyline crosses the horizontal line at `y`, if within `range`.
    static func crossing(_ points: [(Double, Double)], y: Double, within range: ClosedRange<Double>) -> Double? {
        for (a, b) in zip(points, points.dropFirst()) where (a.1 - y) * (b.1 - y) <= 0 && a.1 != b.1 {
            let x = a.0 + (y - a.1) * (b.0 - a.0) / (b.1 - a.1)
            if range.contains(x) { return x }
        }
        return nil
    }

    /// A round interval giving three to eight lines across `span`.
    static func niceInterval(_ span: Double, candidates: [Double]) -> Double {
        var power = pow(10, (log10(span / 4)).rounded(.down))
        while true {
            for c in candidates where span / (c * power) <= 8 { return c * power }
            power *= 10
        }
    }

    /// "114°05′E", "33°30′N" (seconds too when the interval needs them).
    static func degrees(_ value: Double, _ interval: Double, positive: String, negative: String) -> String {
        let hemisphere = value < 0 ? negative : positive
        let totalSeconds = Int((abs(value) * 3600).rounded())
        let d = totalSeconds / 3600, m = totalSeconds / 60 % 60, s = totalSeconds % 60
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        if interval < 1.0 / 60 || s != 0 { return "\(d)°\(two(m))′\(two(s))″\(hemisphere)" }
        return "\(d)°\(two(m))′\(hemisphere)"
    }

    /// Projected coordinates in metres with thin-space thousands ("501 000"), or degrees.
    static func coordinate(_ value: Double, _ geographic: Bool, east: Bool) -> String {
        if geographic { return degrees(value, 1, positive: east ? "E" : "N", negative: east ? "W" : "S") }
        var digits = String(Int64(value.rounded()))
        let negative = digits.hasPrefix("-")
        if negative { digits.removeFirst() }
        var grouped = ""
        while digits.count > 3 {
            grouped = "\u{2009}" + digits.suffix(3) + grouped
            digits.removeLast(3)
        }
        return (negative ? "-" : "") + digits + grouped
    }
}
