import Foundation
import Geometry
import Testing
import TestSupport
@testable import Render

/// Road shields stretched around their text and patterned lines, as MapLibre draws them:
/// a shield collides with its whole image (not only the part around the text) and keeps
/// crisp edges; a line pattern's rows run toward the line's left.
@Suite("Shields and line patterns")
struct ShieldAndLinePatternTests {
    /// The red square of `IconTests.sprite`, as a shield whose middle stretches and
    /// whose content (where the text goes) leaves a 2-pixel border.
    static func shieldSprite(in dir: String) throws -> String {
        let sheet = try IconTests.sprite(in: dir)
        try #"{"shield": {"x": 0, "y": 0, "width": 10, "height": 10, "pixelRatio": 1, "stretchX": [[3, 7]], "stretchY": [[3, 7]], "content": [2, 2, 8, 8]}, "blue": {"x": 12, "y": 0, "width": 4, "height": 4, "pixelRatio": 1}}"#
            .write(toFile: "\(sheet).json", atomically: true, encoding: .utf8)
        return sheet
    }

    @Test func shieldCollidesWithItsBorderAndKeepsCrispEdges() throws {
        let dir = try ScratchDirectory.make("shields")
        let layers = #"[{"id": "s", "type": "symbol", "source": "points", "layout": {"icon-image": "shield", "icon-text-fit": "both", "text-field": "G107", "text-size": 12}}]"#
        let scene = try IconTests.scene(IconTests.style(sprite: Self.shieldSprite(in: dir), layers: layers,
                                                        features: IconTests.point(0, 0)), width: 128)
        let icon = try #require(IconTests.icons(scene).first)
        let labels = scene.layers.flatMap { $0.commands.compactMap { if case .label(let l) = $0 { l } else { nil } } }
        let text = try #require(labels.first?.boxes.first)
        // The content box is the text's box; the image reaches 2 px beyond it all round,
        // and MapLibre's collision box covers that border too.
        for (icon, text) in [(icon.box.minX, text.minX - 2), (icon.box.minY, text.minY - 2),
                             (icon.box.maxX, text.maxX + 2), (icon.box.maxY, text.maxY + 2)] {
            #expect(abs(icon - text) < 1e-9)
        }
        // Unscaled and unturned: sampled nearest, as MapLibre's icon texture is.
        #expect(!icon.smooth)
    }

    @Test func linePatternRowsRunTowardTheLinesLeft() throws {
        let dir = try ScratchDirectory.make("shields")
        let line = #"{"type": "Feature", "properties": {}, "geometry": {"type": "LineString", "coordinates": [[-20, 0], [20, 0]]}}"#
        let layers = #"[{"id": "l", "type": "line", "source": "points", "paint": {"line-pattern": "blue", "line-width": 4}}]"#
        let scene = try IconTests.scene(IconTests.style(sprite: IconTests.sprite(in: dir), layers: layers, features: line))
        let paints = scene.layers.flatMap { $0.commands.compactMap { if case .patternFill(_, let p) = $0 { p } else { nil } } }
        let paint = try #require(paints.first)
        // An eastward line at y 32: image row 0 below it, row 4 above, the middle on it.
        #expect(abs(paint.apply(0, 0).y - 34) < 1e-9)
        #expect(abs(paint.apply(0, 4).y - 30) < 1e-9)
        #expect(paint.smooth)
    }
}

extension PatternPaint {
    func apply(_ u: Double, _ v: Double) -> (x: Double, y: Double) { (ox + a * u + c * v, oy + b * u + d * v) }
}
