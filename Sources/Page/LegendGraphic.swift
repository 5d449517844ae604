import Geometry
import JSON
import Render
import Style

/// A legend on its own, as WMS GetLegendGraphic returns it: the legend element of a page
/// layout (the same entries, swatches and text) on an image just large enough for it.
public enum LegendGraphic {
    /// The legend of `layers` (ids; nil for every layer with a `cartouche:legend` title, or
    /// every layer drawn when none has one) for the map `map` drawn in `frame`. Nil when
    /// no entry draws anything.
    public static func scene(style: Style, map: Scene, frame: MapFrame, sources: [String: RenderSource],
                             layers: [String]?, pixelRatio: Double) throws -> Scene? {
        let titled = style.layers.contains { $0.metadata["cartouche:legend"]?.stringValue != nil }
        let chosen = layers ?? (titled ? nil : style.layers.filter { $0.type != .background && ($0.type != .symbol || $0.layout.isSet("icon-image")) }.map(\.id))
        var legend: JSONObject = ["type": "legend", "anchor": "top-left", "in": "page", "offset": [0, 0],
                                  "background": "#ffffff", "border": false, "padding": 6]
        if let chosen { legend["layers"] = .array(chosen.map(JSONValue.string)) }
        let document: JSONValue = [
            "page": ["size": [4000, 4000], "units": "px", "dpi": .number(96 * pixelRatio), "margins": 0, "background": "rgba(0,0,0,0)"],
            "map": ["x": 0, "y": 0, "width": .number(frame.width), "height": .number(frame.height), "border": false],
            "elements": [.object(legend)],
        ]
        let layout = try LayoutParser.parse(document)
        var canvas = PageCanvas(layout: layout, inputs: PageInputs(map: map, frame: frame, style: style, sources: sources, date: ""))
        canvas.scene = Scene(width: 1, height: 1, pixelRatio: pixelRatio)
        guard case .legend(let element) = layout.elements[0] else { return nil }
        canvas.addLegend(element)
        guard let drawn = canvas.scene.layers.first(where: { $0.id == "legend" }), drawn.paths.subpathCount > 0 else { return nil }
        // The legend's background rectangle is its first path.
        let box = drawn.paths.bounds(of: 0..<1)
        canvas.scene.width = max(1, Int(box.maxX.rounded(.up)))
        canvas.scene.height = max(1, Int(box.maxY.rounded(.up)))
        return canvas.scene
    }
}
