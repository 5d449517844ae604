#if canImport(Glibc)
import Glibc
#endif
import Geometry
import JSON
import Projection
import Style
import Testing
@testable import Render

/// Point labels with `text-variable-anchor` where MapLibre's placement has rules of its own:
/// rotated maps and anchors that would put the text far outside the view.
@Suite("Variable anchors")
struct VariableAnchorTests {
    /// The labels of a map of one point at (0, 0) (or `data`), 400 × 300 pixels at zoom 4.
    func labels(_ layout: String, bearing: Double = 0, data: String = #"{"type": "Point", "coordinates": [0, 0]}"#) throws
        -> [PlacedLabel] {
        let style = try StyleParser.parse(JSONParser.parse("""
        {"version": 8, "sources": {"s": {"type": "geojson", "data": \(data)}},
         "layers": [{"id": "t", "type": "symbol", "source": "s", "layout": \(layout)}]}
        """))
        var table = try GeoJSONReader.read(string: data).table
        _ = table.transform(with: try Transformer(from: .wgs84, to: .webMercator))
        let frame = try MapFrame.camera(crs: .webMercator, longitude: 0, latitude: 0, zoom: 4, bearing: bearing,
                                        width: 400, height: 300)
        let scene = SceneBuilder(style: style, sources: ["s": RenderSource(id: "s", table: table)], frame: frame).build()
        return scene.layers.flatMap(\.commands).compactMap {
            if case .label(let label) = $0 { return label }
            return nil
        }
    }

    /// Where a label's letters are drawn, turned as they are drawn.
    func drawnCentre(_ label: PlacedLabel) -> (x: Double, y: Double) {
        let x = label.originX + label.width / 2 - label.pivotX, y = label.originY + label.height / 2 - label.pivotY
        let c = cos(label.rotation), s = sin(label.rotation)
        return (label.pivotX + x * c - y * s, label.pivotY + x * s + y * c)
    }

    @Test func mapAlignedTextKeepsItsSideOfTheAnchorOnARotatedMap() throws {
        // Anchor "left": the text lies east of the point. With the map turned so that east
        // is up (bearing 90), it lies above the point, turned a quarter anticlockwise.
        let layout = #"{"text-field": "Quarry", "text-variable-anchor": ["left"], "text-rotation-alignment": "map"}"#
        let label = try #require(labels(layout, bearing: 90).first)
        let centre = drawnCentre(label)
        #expect(abs(centre.x - 200) < 1)
        #expect(centre.y < 150 - label.width / 2 + 1)
        #expect(abs(label.rotation + .pi / 2) < 1e-9)
        // Its collision box stays upright (MapLibre's boxes do not turn): as wide as the
        // text, around the turned text's centre.
        let box = try #require(label.boxes.first)
        #expect(box.width > box.height)
        #expect(abs((box.minX + box.maxX) / 2 - centre.x) < 1 && abs((box.minY + box.maxY) / 2 - centre.y) < 1)

        // Viewport-aligned text is not turned: it lies right of the point on any map.
        let upright = try #require(labels(#"{"text-field": "Quarry", "text-variable-anchor": ["left"]}"#, bearing: 90).first)
        #expect(upright.rotation == 0)
        #expect(drawnCentre(upright).x > 200 + upright.width / 2 - 1)
    }

    @Test func anAnchorWhoseTextLiesWhollyBeyondTheViewIsPassedOver() throws {
        // A point 20 px below the top edge; "bottom" puts the text 30 ems (360 px) above it,
        // more than 100 px outside the view: MapLibre does not place it there but tries
        // the next anchor.
        let point = #"{"type": "Point", "coordinates": [0, 5.7]}"#
        let both = try labels(#"{"text-field": "Mill", "text-size": 12, "text-variable-anchor": ["bottom", "top"], "text-radial-offset": 30}"#,
                              data: point)
        let label = try #require(both.first)
        #expect(label.originY > 300, "placed below the point, at \(label.originY)")
        // With no other anchor the label is not placed at all.
        let only = try labels(#"{"text-field": "Mill", "text-size": 12, "text-variable-anchor": ["bottom"], "text-radial-offset": 30}"#,
                              data: point)
        #expect(only.isEmpty)
    }
}
