#if canImport(Glibc)
import Glibc
#endif
import Geometry
import JSON
import Projection
import Render
import Style

/// The scale of a map frame at its centre, in true ground metres (on the WGS84 ellipsoid),
/// along the page's horizontal.
public struct FrameScale {
    /// Ground metres per device pixel along the image's x axis at the frame centre.
    let metresPerPixel: Double
    /// Device pixels per CSS pixel.
    let pixelRatio: Double

    /// Measures the frame's scale at its centre; throws when PROJ cannot transform the centre.
    public init(_ frame: MapFrame) throws {
        let scale = try PointScale(crs: frame.crs, x: frame.centerX, y: frame.centerY)
        let inverse = frame.transform.inverted
        let a = inverse.apply(0, 0), b = inverse.apply(1, 0)
        metresPerPixel = hypot((b.x - a.x) * scale.groundMetresPerUnitX, (b.y - a.y) * scale.groundMetresPerUnitY)
        pixelRatio = frame.pixelRatio
    }

    /// The denominator of the printed scale: ground metres per metre of paper, the page
    /// being 96 CSS pixels to the inch.
    public var denominator: Double { metresPerPixel * pixelRatio / (0.0254 / 96) }

    /// "1:50 000": three significant figures, thousands separated by thin spaces.
    var numeric: String {
        let d = denominator
        let magnitude = pow(10, (log10(d)).rounded(.down) - 2)
        let rounded = Int64((d / magnitude).rounded() * magnitude)
        var digits = String(rounded)
        var grouped = ""
        while digits.count > 3 {
            grouped = "\u{2009}" + digits.suffix(3) + grouped
            digits.removeLast(3)
        }
        return "1:" + digits + grouped
    }

    /// The longest round length (1, 2 or 5 × 10ⁿ metres) that fits in `maxPixels`, its
    /// length in pixels, and how many segments to draw.
    func bar(maxPixels: Double) -> (metres: Double, pixels: Double, segments: Int) {
        let most = maxPixels * metresPerPixel
        let power = pow(10, log10(most).rounded(.down))
        let lead = most / power >= 5 ? 5.0 : most / power >= 2 ? 2.0 : 1.0
        let metres = lead * power
        return (metres, metres / metresPerPixel, lead == 2 ? 4 : 5)
    }

    /// "500 m", "2 km", "2.5 km".
    static func format(metres: Double) -> String {
        if metres >= 1000 { return formatJSONNumber((metres / 1000 * 1000).rounded() / 1000) + " km" }
        return formatJSONNumber((metres * 100).rounded() / 100) + " m"
    }
}

extension PageCanvas {
    func numericScale() throws -> String { try FrameScale(inputs.frame).numeric }

    /// A bar of alternating segments of a round ground length, labelled at its ends and
    /// middle, with the numeric scale beside it.
    mutating func addScaleBar(_ element: ScaleBarElement) throws {
        let scale = try FrameScale(inputs.frame)
        let bar = scale.bar(maxPixels: element.maxWidth * ratio)
        let h = element.height * ratio
        let zero = label("0", element.text)
        let end = label(FrameScale.format(metres: bar.metres), element.text)
        let numeric = element.numeric ? label(scale.numeric, element.text) : nil
        let textGap = 0.8 * ratio * 96 / 25.4
        let width = bar.pixels + end.width / 2 + zero.width / 2
        let height = zero.height + textGap + h + (numeric.map { textGap + $0.height } ?? 0)
        let o = origin(element.placement, size: (width, height))
        let x0 = o.x + zero.width / 2, y0 = o.y + zero.height + textGap
        var layer = SceneLayer(id: "scale-bar")
        // A white ground under the bar keeps it readable over any map.
        layer.paths.addRectangle(Box(minX: o.x - textGap, minY: o.y - textGap / 2, maxX: o.x + width + textGap, maxY: o.y + height + textGap / 2))
        layer.commands.append(.fill(subpaths: 0..<1, paint: FillPaint(color: Color(r: 1, g: 1, b: 1, a: 0.8), antialias: false)))
        let step = bar.pixels / Double(bar.segments)
        for i in 0..<bar.segments {
            let s = layer.paths.subpathCount
            layer.paths.addRectangle(Box(minX: x0 + Double(i) * step, minY: y0, maxX: x0 + Double(i + 1) * step, maxY: y0 + h))
            layer.commands.append(.fill(subpaths: s..<(s + 1), paint: FillPaint(color: i % 2 == 0 ? element.color : .white)))
        }
        let outline = layer.paths.subpathCount
        layer.paths.addRectangle(Box(minX: x0, minY: y0, maxX: x0 + bar.pixels, maxY: y0 + h))
        layer.commands.append(.stroke(subpaths: outline..<(outline + 1), paint: StrokePaint(color: element.color, width: 0.6 * ratio)))
        layer.commands.append(.label(zero.moved(dx: x0 - zero.width / 2, dy: o.y)))
        if bar.segments % 2 == 0 {
            let middle = label(FrameScale.format(metres: bar.metres / 2), element.text)
            layer.commands.append(.label(middle.moved(dx: x0 + bar.pixels / 2 - middle.width / 2, dy: o.y)))
        }
        layer.commands.append(.label(end.moved(dx: x0 + bar.pixels - end.width / 2, dy: o.y)))
        if let numeric {
            layer.commands.append(.label(numeric.moved(dx: x0 + bar.pixels / 2 - numeric.width / 2, dy: y0 + h + textGap)))
        }
        scene.layers.append(layer)
    }
}
