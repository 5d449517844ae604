import Foundation
import Testing
@testable import Cartouche

/// Styles that ask for absurd sizes (a 10⁹-pixel line, text a billion ems wide, a zero dash)
/// must render, or fail with an error, in bounded time and in every format. Several of
/// these trapped on Int32/Int64 conversions or an Int overflow before they were clamped.
@Suite("Pathological styles")
struct PathologicalStyleTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        /// The layer, without `id` and `source`.
        var layer: String
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "text-max-width 1e9", layer: #"{"type": "symbol", "layout": {"text-field": ["get", "name"], "text-max-width": 1e9}}"#),
        Case(name: "text-max-width 1e-9", layer: #"{"type": "symbol", "layout": {"text-field": ["get", "name"], "text-max-width": 1e-9}}"#),
        Case(name: "text-size 1e9", layer: #"{"type": "symbol", "layout": {"text-field": ["get", "name"], "text-size": 1e9}}"#),
        Case(name: "text-letter-spacing 1e9", layer: #"{"type": "symbol", "layout": {"text-field": ["get", "name"], "text-letter-spacing": 1e9}}"#),
        Case(name: "text-line-height 1e9", layer: #"{"type": "symbol", "layout": {"text-field": ["get", "name"], "text-line-height": 1e9, "text-max-width": 1}}"#),
        Case(name: "text halo 1e9", layer: #"{"type": "symbol", "layout": {"text-field": ["get", "name"]}, "paint": {"text-halo-width": 1e9, "text-halo-blur": 1e9, "text-halo-color": "white"}}"#),
        Case(name: "text-offset 1e9", layer: #"{"type": "symbol", "layout": {"text-field": ["get", "name"], "text-offset": [1e9, -1e9]}}"#),
        Case(name: "line labels at 1e6 px", layer: #"{"type": "symbol", "layout": {"text-field": ["get", "name"], "symbol-placement": "line", "text-size": 1e6}}"#),
        Case(name: "dash [0, 0]", layer: #"{"type": "line", "paint": {"line-dasharray": [0, 0]}}"#),
        Case(name: "dash [0, 1]", layer: #"{"type": "line", "paint": {"line-dasharray": [0, 1]}}"#),
        Case(name: "dash 1e-9", layer: #"{"type": "line", "paint": {"line-dasharray": [1e-9, 1e-9]}}"#),
        Case(name: "dash 1e300", layer: #"{"type": "line", "paint": {"line-dasharray": [1e300, 1e300]}}"#),
        Case(name: "line-width 1e9", layer: #"{"type": "line", "paint": {"line-width": 1e9}}"#),
        Case(name: "line-width 1.7e308", layer: #"{"type": "line", "paint": {"line-width": 1.7e308}}"#),
        Case(name: "line-width 1e9 dashed 1e-9", layer: #"{"type": "line", "paint": {"line-width": 1e9, "line-dasharray": [1e-9, 1e-9]}}"#),
        Case(name: "line-gap-width 1e9", layer: #"{"type": "line", "paint": {"line-gap-width": 1e9}}"#),
        Case(name: "line-offset 1e9", layer: #"{"type": "line", "paint": {"line-offset": 1e9}}"#),
        Case(name: "line-blur 1e9", layer: #"{"type": "line", "paint": {"line-blur": 1e9}}"#),
        Case(name: "miter limit 1e9", layer: #"{"type": "line", "layout": {"line-join": "miter", "line-miter-limit": 1e9}, "paint": {"line-width": 50}}"#),
        Case(name: "circle 1e9", layer: #"{"type": "circle", "paint": {"circle-radius": 1e9, "circle-stroke-width": 1e9, "circle-blur": 1e9}}"#),
        Case(name: "circle-translate 1e300", layer: #"{"type": "circle", "paint": {"circle-translate": [1e300, 1e300]}}"#),
        Case(name: "fill-translate 1e300", layer: #"{"type": "fill", "paint": {"fill-translate": [1e300, -1e300]}}"#),
        Case(name: "exponential base 1e9", layer: #"{"type": "line", "paint": {"line-width": ["interpolate", ["exponential", 1e9], ["zoom"], 0, 0, 24, 1e9]}}"#),
    ]

    /// The pathological layer under a sane one: a red dot on the point at the map's centre.
    static func style(_ layer: String) -> String {
        """
        {"version": 8, "center": [114.0, 33.58], "zoom": 11,
         "sources": {"s": {"type": "geojson", "data": {"type": "FeatureCollection", "features": [
          {"type": "Feature", "properties": {"name": "长长的道路名称 Long road name"},
           "geometry": {"type": "LineString", "coordinates": [[113.9, 33.5], [114.1, 33.65], [114.0, 33.7]]}},
          {"type": "Feature", "properties": {"name": "公园 Park"},
           "geometry": {"type": "Polygon", "coordinates": [[[113.95, 33.55], [114.05, 33.55], [114.05, 33.62], [113.95, 33.62], [113.95, 33.55]]]}},
          {"type": "Feature", "properties": {"name": "一个非常长的地名 A very long place name"},
           "geometry": {"type": "Point", "coordinates": [114.0, 33.58]}}]}}},
         "layers": [\(layer.dropLast()), "id": "x", "source": "s"},
                    {"id": "sane", "type": "circle", "source": "s", "filter": ["==", ["geometry-type"], "Point"],
                     "paint": {"circle-radius": 5, "circle-color": "#ff0000"}}]}
        """
    }

    /// Every one of these renders: values past what can be drawn are clamped, not refused,
    /// as MapLibre draws them. The sane layer is drawn where it belongs, whatever the layer
    /// under it asked for, and each format gives a whole file.
    @Test(arguments: cases)
    func rendersInBoundedTimeInEveryFormat(_ c: Case) throws {
        let data = try MapData(style: StyleParser.parse(JSONParser.parse(Self.style(c.layer))))
        let renderer = MapRenderer(data: data)
        let request = MapRequest(width: 400, height: 300)
        let scene = try renderer.scene(for: request)
        let dots = scene.layers.filter { $0.id == "sane" }.flatMap(\.commands).compactMap { command -> (Double, Double)? in
            if case .circle(let x, let y, _) = command { return (x, y) }
            return nil
        }
        #expect(dots.count == 1 && abs(dots[0].0 - 200) < 0.5 && abs(dots[0].1 - 150) < 0.5, "\(dots)")
        for format in [OutputFormat.png, .svg, .pdf] {
            let start = ContinuousClock.now
            let bytes = try renderer.render(request, format: format).bytes
            // Generous for a debug build on a busy machine; a hang or a per-pixel loop over
            // a 10⁹-pixel stroke would take minutes.
            #expect(ContinuousClock.now - start < .seconds(20), "\(format)")
            let text = String(decoding: bytes, as: UTF8.self)
            switch format {
            case .png: #expect(bytes.starts(with: [0x89, 0x50, 0x4E, 0x47]) && bytes.suffix(8).starts(with: [0x49, 0x45, 0x4E, 0x44]))
            case .svg: #expect(text.hasPrefix("<svg") || text.hasPrefix("<?xml"), "\(text.prefix(40))")
                       #expect(text.contains("</svg>") && text.contains("#ff0000"))
            case .pdf: #expect(text.hasPrefix("%PDF-") && text.hasSuffix("%%EOF\n"))
            }
        }
    }
}
