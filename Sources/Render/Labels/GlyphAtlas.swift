#if canImport(Glibc)
import Glibc
#endif
import CCairo
import Geometry
import CPango

/// MapLibre's view of the glyphs Pango chose: per face, the ascender and each glyph's
/// `SDFGlyph`, measured and fielded at 24 px from the same font files, once per process.
/// Shaping asks for advances and ascenders; the PNG backend asks for fields.
final class GlyphAtlas: Sendable {
    static let shared = GlyphAtlas()

    /// The size glyph PBFs are made at, MapLibre's `ONE_EM`.
    static let em = 24.0

    /// A face, by the number the atlas gave its Pango description without the size.
    typealias Face = Int

    private struct Key: Hashable {
        let face: Face
        let glyph: UInt32
    }

    private struct Tables {
        var faces: [String: Face] = [:]
        var ascenders: [Face: Int] = [:]
        var advances: [Key: Int] = [:]
        var glyphs: [Key: SDFGlyph] = [:]
    }

    private let tables = Locked(Tables())

    /// Each thread's copy of what it has looked up: labels are placed and drawn on all
    /// cores, and every glyph of every label looked up under one lock made the threads
    /// queue for it.
    private final class LocalTables {
        var faces: [String: Face] = [:]
        var advances: [Key: Int] = [:]
        var glyphs: [Key: SDFGlyph] = [:]

        static var current: LocalTables { perThread.value }
        private static let perThread = PerThread { LocalTables() }
    }

    /// The face of a glyph run's font description: look it up once per run, then ask for
    /// its glyphs by number (cheaper to hash than the description).
    func face(_ font: String) -> Face {
        let local = LocalTables.current
        if let f = local.faces[font] { return f }
        let key = GlyphSets.isRunFont(font) ? GlyphSets.faceKey(font) : TextShaper.current.faceKey(font)
        let f = tables.withLock { t in
            if let f = t.faces[key] { return f }
            let f = t.faces.count
            t.faces[key] = f
            return f
        }
        local.faces[font] = f
        return f
    }

    /// The ascender at 24 px of the face of a glyph run's font description.
    func ascender(_ font: String) -> Int { ascender(face(font), font) }

    func ascender(_ face: Face, _ font: String) -> Int {
        if let a = tables.withLock({ $0.ascenders[face] }) { return a }
        // A glyph set's `top` is measured from the glyph-origin line already.
        if GlyphSets.isRunFont(font) { return 0 }
        let a = Self.withFace(font) { face in Int(face.pointee.size.pointee.metrics.ascender / 64) } ?? Int(Self.em)
        tables.withLock { $0.ascenders[face] = a }
        return a
    }

    /// A glyph's advance at 24 px, whole pixels.
    func advance(_ glyph: UInt32, _ font: String) -> Int { advance(glyph, face(font), font) }

    func advance(_ glyph: UInt32, _ face: Face, _ font: String) -> Int {
        let local = LocalTables.current
        let key = Key(face: face, glyph: glyph)
        if let a = local.advances[key] { return a }
        let a = sharedAdvance(key, font)
        local.advances[key] = a
        return a
    }

    private func sharedAdvance(_ key: Key, _ font: String) -> Int {
        let glyph = key.glyph
        if let a = tables.withLock({ $0.advances[key] ?? $0.glyphs[key]?.advance }) { return a }
        if let set = GlyphSets.parseRunFont(font) { return GlyphSets.shared.glyph(glyph, in: set.stack)?.advance ?? 0 }
        let a = Self.withFace(font) { face -> Int in
            guard FT_Load_Glyph(face, glyph, Self.loadFlags) == 0 else { return 0 }
            return Int(face.pointee.glyph.pointee.metrics.horiAdvance / 64)
        } ?? 0
        tables.withLock { $0.advances[key] = a }
        return a
    }

    /// A glyph's metrics and distance field.
    func glyph(_ glyph: UInt32, _ font: String) -> SDFGlyph { self.glyph(glyph, face(font), font) }

    func glyph(_ glyph: UInt32, _ face: Face, _ font: String) -> SDFGlyph {
        let local = LocalTables.current
        let key = Key(face: face, glyph: glyph)
        if let g = local.glyphs[key] { return g }
        var g = sharedGlyph(key, font)
        // The thread's own copy of the field: every label retains the arrays of its
        // glyphs, and counters shared between cores made them wait on each other.
        g.field = g.field.withUnsafeBufferPointer { Array($0) }
        g.sampling = g.sampling.withUnsafeBufferPointer { Array($0) }
        local.glyphs[key] = g
        return g
    }

    private func sharedGlyph(_ key: Key, _ font: String) -> SDFGlyph {
        let glyph = key.glyph
        if let g = tables.withLock({ $0.glyphs[key] }) { return g }
        if let set = GlyphSets.parseRunFont(font) {
            return GlyphSets.shared.glyph(glyph, in: set.stack) ?? SDFGlyph(advance: 0)
        }
        // The raster is copied under the faces' lock; its field is made outside it.
        let r = Self.withFace(font) { face -> Raster in
            var r = Raster(ascender: Int(face.pointee.size.pointee.metrics.ascender / 64))
            guard FT_Load_Glyph(face, glyph, Self.loadFlags) == 0 else { return r }
            r.advance = Int(face.pointee.glyph.pointee.metrics.horiAdvance / 64)
            // The generator rasterised the unhinted outline with FreeType's anti-aliasing.
            guard face.pointee.glyph.pointee.format == FT_GLYPH_FORMAT_OUTLINE,
                  FT_Render_Glyph(face.pointee.glyph, FT_RENDER_MODE_NORMAL) == 0 else { return r }
            let slot = face.pointee.glyph.pointee, bitmap = slot.bitmap
            let w = Int(bitmap.width), h = Int(bitmap.rows), pitch = Int(bitmap.pitch)
            guard let buffer = bitmap.buffer, w > 0, h > 0 else { return r }
            (r.left, r.top, r.width, r.height) = (Int(slot.bitmap_left), Int(slot.bitmap_top), w, h)
            r.coverage = [UInt8](repeating: 0, count: w * h)
            // A negative pitch stores the rows bottom up.
            for y in 0..<h {
                let row = pitch >= 0 ? y * pitch : (h - 1 - y) * -pitch
                for x in 0..<w { r.coverage[y * w + x] = buffer[row + x] }
            }
            return r
        }
        let g = r.map { SDFGlyph(advance: $0.advance, ascender: $0.ascender, left: $0.left, top: $0.top, width: $0.width,
                                 height: $0.height, coverage: $0.coverage) } ?? SDFGlyph(advance: 0)
        tables.withLock { $0.glyphs[key] = g }
        return g
    }

    /// A glyph's anti-aliased raster at 24 px as FreeType gives it, top row first.
    private struct Raster: Sendable {
        var ascender: Int
        var advance = 0
        var left = 0, top = 0, width = 0, height = 0
        var coverage: [UInt8] = []
    }

    /// Unhinted outlines and advances, as the PBF generator loads them.
    private static let loadFlags = Int32(1 << 1)  // FT_LOAD_NO_HINTING

    /// FreeType faces of our own, one per font file and face index, set to 24 pixels per
    /// em and used by one thread at a time. Cairo's faces are shared with every thread that
    /// draws text, which sets their size and loads glyphs into their slot as it goes.
    private final class Faces: @unchecked Sendable {
        var library: FT_Library?
        var byFile: [String: FT_Face] = [:]
    }

    private static let faces = Locked(Faces())

    /// Runs `body` with the FreeType face of a run's font at 24 pixels per em.
    private static func withFace<R: Sendable>(_ font: String, _ body: (FT_Face) -> R) -> R? {
        guard let (path, index) = TextShaper.current.fontFile(font) else { return nil }
        return faces.withLock { faces -> R? in
            if faces.library == nil {
                var library: FT_Library?
                guard FT_Init_FreeType(&library) == 0 else { return nil }
                faces.library = library
            }
            let key = "\(path)#\(index)"
            if faces.byFile[key] == nil {
                var face: FT_Face?
                guard FT_New_Face(faces.library, path, index, &face) == 0, let face else { return nil }
                guard FT_Set_Pixel_Sizes(face, 0, FT_UInt(em)) == 0 else {
                    FT_Done_Face(face)
                    return nil
                }
                faces.byFile[key] = face
            }
            return body(faces.byFile[key]!)
        }
    }
}
