import JSON
import Render

/// The largest PNG Cartouche will draw. An image surface costs 4 bytes a pixel before
/// encoding doubles it, so a mistyped `--pixel-ratio` or page size could ask for tens of
/// gigabytes; the limit turns that into an error before any drawing. SVG and PDF have no
/// pixels and no such limit.
public enum ImageLimit {
    /// 100 million pixels: 400 MB of surface, an A1 page at 300 dpi (70 M) with room.
    public static let defaultMaxPixels = 100_000_000
    /// Cairo's own limit on each side of an image surface.
    public static let maxSide = 32_767

    /// Throws unless a `width` × `height` device-pixel PNG fits in `maxPixels`.
    public static func check(width: Double, height: Double, maxPixels: Int) throws(RenderError) {
        let w = width.rounded(), h = height.rounded()
        // Sizes are written as JSON numbers: 1e300 must not pass through Int.
        let size = "\(formatJSONNumber(w))x\(formatJSONNumber(h))"
        guard w.isFinite, h.isFinite, w >= 1, h >= 1 else {
            throw RenderError("cannot draw a \(size) pixel image")
        }
        if w * h > Double(maxPixels) {
            throw RenderError("the image would be \(size) = \(formatJSONNumber(w * h)) pixels, more than the limit of \(maxPixels); make it smaller (its size, pixel ratio or the page's dpi) or raise the limit",
                              setting: .maxPixels)
        }
        if w > Double(maxSide) || h > Double(maxSide) {
            throw RenderError("the image would be \(size) pixels; Cairo draws at most \(maxSide) pixels on a side")
        }
    }
}
