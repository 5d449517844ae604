import Geometry
import JSON
import Page
import Projection
import Render
import Style

/// The result of annotating: the page, where each marker and callout went, and what could
/// not be placed.
public struct AnnotatedPage: Sendable {
    /// The page, map, markers, callouts, table and key together.
    public var scene: Scene
    /// Where each marker and callout went, and the projects that could not be placed.
    public var placement: AnnotationResult
    /// The projects on the page, in table order.
    public var projects: [Project]
    /// Wall time per phase when `annotate` was called with `timed: true`; else empty.
    public var timings = PhaseTimings()
}

extension MapRenderer {
    /// A report page with the projects numbered on the map (markers coloured by category,
    /// callouts with leaders when they had to move), listed in a table and a category key.
    /// Without an extent in `request` the map fits the projects with room for callouts.
    /// `hiddenLayers` are left out of the base map (a style's own project layer, say).
    /// `icons` draws the markers of those categories as the style's icons (by image name).
    /// The page's scene carries the map's warnings; callouts with no room are in `placement`.
    public func annotate(_ projects: [Project], layout: PageLayout, request: MapRequest, palette: CategoryPalette,
                         columns extra: [String] = [], title: String = "", hiddenLayers: Set<String> = [],
                         icons: [String: String] = [:], timed: Bool = false) throws -> AnnotatedPage {
        var timings = PhaseTimings()
        var palette = palette
        var r = request
        r.width = layout.mapFrame.width
        r.height = layout.mapFrame.height
        r.pixelRatio = layout.pixelRatio
        let crs = try self.crs(for: r)
        if case .styleCamera = r.extent, !projects.isEmpty {
            let t = try Transformer(from: .wgs84, to: crs)
            var box = Box.empty
            for p in projects {
                if let q = t.transform(x: p.longitude, y: p.latitude) { box.extend(x: q.x, y: q.y) }
            }
            // A lone project (or a row of them) still needs a map around it: 2 km at least.
            let metres = try GroundScale.unitsPerGroundMetre(in: crs, longitude: projects[0].longitude, latitude: projects[0].latitude)
            box = box.expanded(by: max(0, 1000 * metres - box.width / 2), max(0, 1000 * metres - box.height / 2))
            r.extent = .mapBox(box, padding: 70)
        }
        let (frame, projected) = try timings.measure("project") { try self.frame(for: r) }
        var style = data.style
        style.layers.removeAll { hiddenLayers.contains($0.id) }
        let built = try timings.measure("scene") { try data.scene(style, frame: frame, projected: projected) }
        var map = built.scene
        let images = IconSet.load(for: style, pixelRatio: frame.pixelRatio)
        for (category, name) in icons.sorted(by: { $0.key < $1.key }) where images[name] == nil {
            throw RenderError("the icon of category \(category): the style has no icon \"\(name)\" (in its sprite or its cartouche:icons folder)",
                              setting: .icons)
        }
        let toMap = try Transformer(from: .wgs84, to: crs)
        let markers: [ProjectMarker] = projects.map { p in
            let q = toMap.transform(x: p.longitude, y: p.latitude) ?? (x: 0, y: 0)
            let d = frame.transform.apply(q.x, q.y)
            var marker = ProjectMarker(number: p.number, name: p.name, color: palette.color(for: p.category), x: d.x, y: d.y)
            marker.icon = icons[p.category].flatMap { images[$0] }
            return marker
        }
        // Callouts keep clear of the map's own labels.
        var obstacles: [Box] = []
        for layer in map.layers {
            for case .label(let l) in layer.commands { obstacles += l.boxes }
        }
        let image = Box(minX: 0, minY: 0, maxX: Double(map.width), maxY: Double(map.height))
        let placement = timings.measure("scene") {
            ProjectAnnotator.place(markers, frame: image, obstacles: obstacles, style: AnnotationStyle(pixelRatio: layout.pixelRatio))
        }
        // The map's own labels yield to the markers that cover them.
        let markerBoxes = placement.markers.map { Box(minX: $0.x - $0.radius, minY: $0.y - $0.radius, maxX: $0.x + $0.radius, maxY: $0.y + $0.radius) }
        for i in map.layers.indices {
            map.layers[i].commands.removeAll { command in
                guard case .label(let l) = command else { return false }
                return l.boxes.contains { b in markerBoxes.contains { $0.intersects(b) } }
            }
        }
        map.layers += placement.layers
        let header = ["编号 No.", "名称 Name", "类别 Category"] + extra
        let rows = projects.map { p in [p.number, p.name, p.category] + extra.map { p.values[$0] ?? "" } }
        var properties = JSONObject()
        properties["title"] = .string(title)
        properties["count"] = .number(Double(projects.count))
        let inputs = PageInputs(map: map, frame: frame, style: style, sources: built.sources, properties: properties,
                                date: Today.iso, table: TableData(header: header, rows: rows, rowColors: markers.map(\.color)),
                                categories: palette.assigned.filter { !$0.name.isEmpty })
        var scene = try timings.measure("scene") { try PageComposer.compose(layout, inputs) }
        scene.warnings = map.warnings
        return AnnotatedPage(scene: scene, placement: placement, projects: projects, timings: timed ? timings : PhaseTimings())
    }

    /// The page `annotate` uses without a layout: A4 landscape, the map on the left, the
    /// table of projects on the right.
    public static let defaultAnnotationLayout: PageLayout = try! LayoutParser.parse(JSONParser.parse("""
    {"page": {"size": "A4", "orientation": "landscape", "dpi": 150, "margins": 10},
     "map": {"x": 0, "y": 13, "width": 182, "height": 172},
     "elements": [
       {"type": "title", "text": "{title}", "anchor": "top", "size": 16},
       {"type": "table", "in": "page", "anchor": "top-right", "offset": [0, 13], "title": "项目一览 Projects", "max-column-width": 52, "max-height": 172},
       {"type": "categories", "anchor": "bottom-left", "offset": [4, 4], "title": "类别 Category"},
       {"type": "scale-bar", "anchor": "bottom-right", "offset": [4, 4], "max-width": 35},
       {"type": "north-arrow", "anchor": "top-right", "offset": [5, 5], "size": 11},
       {"type": "date", "text": "制图 Cartouche · {date}", "anchor": "bottom-right", "size": 6.5, "color": "#666666"}
     ]}
    """))
}
