import Style

/// A fill with a repeated image (`fill-pattern`, `background-pattern`): the image's
/// pixel (0, 0) has its corner at device (originX, originY) and the image repeats from
/// there every `width · scale` × `height · scale` device pixels. MapLibre anchors patterns
/// to the world's pixel grid at the integer zoom, so neighbouring fills line up.
public struct PatternPaint: Sendable {
    public var image: IconImage
    public var originX: Double
    public var originY: Double
    /// Device pixels per image pixel.
    public var scale: Double
    public var opacity: Double
    public var antialias: Bool

    /// Moved by (dx, dy) device pixels.
    func moved(dx: Double, dy: Double) -> PatternPaint {
        var p = self
        p.originX += dx
        p.originY += dy
        return p
    }
}
