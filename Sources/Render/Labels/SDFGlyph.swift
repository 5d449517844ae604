/// A glyph as MapLibre's glyph PBFs hold it: integer metrics at 24 px (MapLibre's `ONE_EM`)
/// and a signed distance field, made from the glyph's anti-aliased raster the way the
/// glyph sets of MapLibre's render tests were made (`RasterField`). MapLibre lays text out
/// with these numbers and draws every size from this one 24-pixel field, so labels that
/// follow them land where MapLibre's do and have the same soft edges.
public struct SDFGlyph: Sendable {
    /// Whole pixels at 24 px: FreeType's unhinted advance, truncated.
    public var advance: Int
    /// FreeType's raster of the unhinted outline (its control box out to whole pixels):
    /// left edge from the pen, top edge above the baseline minus the face's ascender (PBF
    /// `top`), size.
    public var left: Int
    /// The raster's top edge (PBF `top`; see `left`).
    public var top: Int
    /// The raster's width at 24 px.
    public var width: Int
    /// The raster's height at 24 px.
    public var height: Int
    /// (width + 2·buffer) × (height + 2·buffer) bytes, top row first; 192 on the outline,
    /// 32 per pixel of distance, more inside. Empty for glyphs with no area (a space).
    public var field: [UInt8]
    /// The field inside a border of `sampleBorder` empty pixels, so that bilinear sampling
    /// anywhere on the glyph's quad needs no bounds checks.
    var sampling: [UInt8] = []
    static let sampleBorder = 2

    /// Pixels of field around the raster.
    public static let buffer = 3

    var fieldWidth: Int { field.isEmpty ? 0 : width + 2 * Self.buffer }
    var fieldHeight: Int { field.isEmpty ? 0 : height + 2 * Self.buffer }

    /// A glyph without a field (a space, or one FreeType could not load).
    init(advance: Int) {
        self.advance = advance
        (left, top, width, height, field) = (0, 0, 0, 0, [])
    }

    /// A glyph from FreeType's anti-aliased raster of it at 24 px: `coverage` is
    /// `width × height` bytes, top row first, its top-left corner `left` right of the pen
    /// and `top` above the baseline; `ascender` is the face's (FreeType's size metrics at
    /// 24 px, whole pixels).
    init(advance: Int, ascender: Int, left: Int, top: Int, width: Int, height: Int, coverage: [UInt8]) {
        self.advance = advance
        guard width > 0, height > 0 else {
            (self.left, self.top, self.width, self.height, field) = (0, 0, 0, 0, [])
            return
        }
        self.left = left
        self.top = top - ascender
        self.width = width
        self.height = height
        field = RasterField.field(coverage: coverage, width: width, height: height, buffer: Self.buffer)
        sampling = Self.sampling(field, width: width, height: height)
    }

    /// A glyph as a glyph PBF holds it: `top` already relative to the face's ascender,
    /// `field` (width + 2·buffer) × (height + 2·buffer) bytes.
    init(advance: Int, left: Int, top: Int, width: Int, height: Int, field: [UInt8]) {
        (self.advance, self.left, self.top, self.width, self.height, self.field) = (advance, left, top, width, height, field)
        sampling = Self.sampling(field, width: width, height: height)
    }

    private static func sampling(_ field: [UInt8], width: Int, height: Int) -> [UInt8] {
        let fw = width + 2 * Self.buffer, b2 = Self.sampleBorder, sw = fw + 2 * b2
        var sampling = [UInt8](repeating: 0, count: sw * (height + 2 * Self.buffer + 2 * b2))
        for y in 0..<(height + 2 * Self.buffer) {
            for x in 0..<fw { sampling[(y + b2) * sw + x + b2] = field[y * fw + x] }
        }
        return sampling
    }
}
