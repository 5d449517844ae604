import Geometry
import Style

/// A fill with a repeated image (`fill-pattern`, `background-pattern`): image pixel
/// (u, v) lands on device (ox + a·u + c·v, oy + b·u + d·v), and the image repeats from
/// there. MapLibre anchors patterns to the world's pixel grid at the integer zoom, so
/// neighbouring fills line up and the pattern turns with the map.
public struct PatternPaint: Sendable {
    /// The image repeated.
    public var image: IconImage
    /// The image → device transform of the pattern's origin tile (see above).
    public var a, b, c, d, ox, oy: Double
    /// `fill-opacity` (or `background-opacity`), 0 to 1.
    public var opacity: Double
    /// `fill-antialias`: smooth edges, or hard pixel edges.
    public var antialias: Bool
    /// Sampled bilinearly even when unscaled: MapLibre's line patterns start wherever the
    /// line starts, between texels, and its line-pattern shader samples linearly.
    public var smooth = false

    /// Moved by (dx, dy) device pixels.
    func moved(dx: Double, dy: Double) -> PatternPaint {
        var p = self
        p.ox += dx
        p.oy += dy
        return p
    }

    /// Device pixels per image pixel (along the image's rows).
    public var scale: Double { (a * a + b * b).squareRoot() }
}
