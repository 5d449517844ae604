import Geometry
import Page
import Projection
import Render

/// Where a map lies and at what scale, as the manifest records it: the longitude/latitude
/// box of the whole image (its border sampled, so that curved parallels and a bearing are
/// covered) and the scale denominator at the centre.
public struct MapFootprint: Sendable, Equatable {
    /// The longitude/latitude box of the whole image.
    public var extent: Box
    /// The scale denominator at the map's centre (1:n), at 96 CSS pixels to the inch.
    public var scale: Double

    /// Measures a frame; throws when PROJ cannot take its border back to longitude/latitude.
    public init(_ frame: MapFrame) throws {
        let toMap = try Transformer(from: .wgs84, to: frame.crs)
        let deviceToMap = frame.transform.inverted
        let w = Double(frame.pixelWidth), h = Double(frame.pixelHeight)
        let steps = 16
        var box = Box.empty
        for i in 0...steps {
            let t = Double(i) / Double(steps)
            for (px, py) in [(t * w, 0), (t * w, h), (0, t * h), (w, t * h)] {
                let p = deviceToMap.apply(px, py)
                if let ll = toMap.inverse(x: p.x, y: p.y) { box.extend(x: ll.x, y: ll.y) }
            }
        }
        extent = box
        scale = try FrameScale(frame).denominator
    }
}
