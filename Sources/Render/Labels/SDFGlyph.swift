/// A glyph as MapLibre's glyph PBFs hold it: integer metrics at 24 px (MapLibre's `ONE_EM`)
/// and a signed distance field of the outline, made the way the PBF generator
/// (node-fontnik / sdf-glyph-foundry) makes it. MapLibre lays text out with these numbers
/// and draws every size from this one 24-pixel field, so labels that follow them land where
/// MapLibre's do and have the same soft edges.
public struct SDFGlyph: Sendable {
    /// Whole pixels at 24 px: FreeType's unhinted advance, truncated.
    public var advance: Int
    /// The outline's box (its extreme points, out to whole pixels): left edge from the
    /// pen, top edge above the baseline minus the face's ascender (PBF `top`), size.
    public var left: Int
    public var top: Int
    public var width: Int
    public var height: Int
    /// (width + 2·buffer) × (height + 2·buffer) bytes, top row first; 192 on the outline,
    /// 32 per pixel of distance, more inside. Empty for glyphs with no area (a space).
    public var field: [UInt8]
    /// The field inside a border of `sampleBorder` empty pixels, so that bilinear sampling
    /// anywhere on the glyph's quad needs no bounds checks.
    var sampling: [UInt8] = []
    static let sampleBorder = 2

    /// Pixels of field around the outline's box.
    public static let buffer = 3
    /// Pixels of distance the field's 8 bits span (`SDF_PX` in MapLibre's shader).
    static let radius = 8.0
    /// The fraction of the range given to the inside: the outline reads 1 − 0.25 = 0.75.
    static let cutoff = 0.25

    var fieldWidth: Int { field.isEmpty ? 0 : width + 2 * Self.buffer }
    var fieldHeight: Int { field.isEmpty ? 0 : height + 2 * Self.buffer }

    /// Measures and fields a flattened outline: `rings` are closed polygons in pixels at
    /// 24 px, y up, from the glyph's origin on the baseline; `ascender` is the face's
    /// (FreeType's size metrics at 24 px, whole pixels).
    init(advance: Int, ascender: Int, rings: [[(Double, Double)]]) {
        self.advance = advance
        var minX = Double.infinity, minY = Double.infinity, maxX = -Double.infinity, maxY = -Double.infinity
        for ring in rings {
            for (x, y) in ring {
                minX = min(minX, x); maxX = max(maxX, x)
                minY = min(minY, y); maxY = max(maxY, y)
            }
        }
        guard minX.isFinite else {
            (left, top, width, height, field) = (0, 0, 0, 0, [])
            return
        }
        // The box grows to whole pixels (the glyph sets MapLibre's render tests were made
        // with have fields a row taller than rounding gives wherever an outline passes a
        // whole pixel, so that halos and blur reach as far as the buffer allows).
        minX = minX.rounded(.down); minY = minY.rounded(.down); maxX = maxX.rounded(.up); maxY = maxY.rounded(.up)
        guard maxX > minX, maxY > minY else {
            (left, top, width, height, field) = (0, 0, 0, 0, [])
            return
        }
        left = Int(minX)
        top = Int(maxY) - ascender
        width = Int(maxX - minX)
        height = Int(maxY - minY)
        // Segments with the outline moved so the field's bottom-left corner is at (0, 0);
        // the generator keeps points as 32-bit floats.
        let b = Double(Self.buffer)
        var segments: [(Double, Double, Double, Double)] = []
        for ring in rings where ring.count > 1 {
            let moved = ring.map { (Double(Float($0.0 - minX + b)), Double(Float($0.1 - minY + b))) }
            for i in 1..<moved.count { segments.append((moved[i - 1].0, moved[i - 1].1, moved[i].0, moved[i].1)) }
        }
        field = Self.distanceField(segments, width: width + 2 * Self.buffer, height: height + 2 * Self.buffer)
        let fw = width + 2 * Self.buffer, b2 = Self.sampleBorder, sw = fw + 2 * b2
        sampling = [UInt8](repeating: 0, count: sw * (height + 2 * Self.buffer + 2 * b2))
        for y in 0..<(height + 2 * Self.buffer) {
            for x in 0..<fw { sampling[(y + b2) * sw + x + b2] = field[y * fw + x] }
        }
    }

    /// The field sampled at pixel centres: the distance to the nearest segment (within the
    /// radius), negative inside (even-odd, by a ray to the right as the generator tests),
    /// scaled by 32, shifted by 64, truncated and inverted.
    private static func distanceField(_ segments: [(Double, Double, Double, Double)], width w: Int, height h: Int) -> [UInt8] {
        let r = radius
        var nearest = [Double](repeating: .infinity, count: w * h)  // squared distances
        // Each segment lowers the distance of the pixels within the radius of its box.
        for (x1, y1, x2, y2) in segments {
            let ex = x2 - x1, ey = y2 - y1
            let l2 = ex * ex + ey * ey
            let c0 = max(0, Int((min(x1, x2) - r - 0.5).rounded(.up))), c1 = min(w - 1, Int((max(x1, x2) + r - 0.5).rounded(.down)))
            let r0 = max(0, Int((min(y1, y2) - r - 0.5).rounded(.up))), r1 = min(h - 1, Int((max(y1, y2) + r - 0.5).rounded(.down)))
            guard c0 <= c1, r0 <= r1 else { continue }
            for y in r0...r1 {
                let py = Double(y) + 0.5
                for x in c0...c1 {
                    let px = Double(x) + 0.5
                    var t = l2 == 0 ? 0 : ((px - x1) * ex + (py - y1) * ey) / l2
                    t = min(max(t, 0), 1)
                    let dx = px - (x1 + t * ex), dy = py - (y1 + t * ey)
                    let d2 = dx * dx + dy * dy
                    if d2 < r * r && d2 < nearest[y * w + x] { nearest[y * w + x] = d2 }
                }
            }
        }
        var field = [UInt8](repeating: 0, count: w * h)
        var crossings: [Double] = []
        for y in 0..<h {
            let py = Double(y) + 0.5
            crossings.removeAll(keepingCapacity: true)
            for (x1, y1, x2, y2) in segments where (y1 > py) != (y2 > py) {
                crossings.append((x2 - x1) * (py - y1) / (y2 - y1) + x1)
            }
            crossings.sort()
            var next = 0  // crossings at or left of the pixel centre
            // Stored top row first: field row (h − 1 − y) is the generator's row y.
            let row = (h - 1 - y) * w
            for x in 0..<w {
                let px = Double(x) + 0.5
                while next < crossings.count && crossings[next] <= px { next += 1 }
                let inside = (crossings.count - next) % 2 == 1
                var d = nearest[y * w + x].squareRoot() * (256 / r)
                if inside { d = -d }
                d += cutoff * 256
                let n = d > 255 ? 255 : d < 0 ? 0 : Int(d)
                field[row + x] = UInt8(255 - n)
            }
        }
        return field
    }
}
