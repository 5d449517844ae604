import CCairo
import Geometry

/// The document's Type 3 fonts, made from the outlines of the glyphs Pango chose: text
/// stays text (selectable, searchable) and looks exactly as in the PNG, with no font file
/// to embed or subset. Each font holds at most 256 codes (content strings are one byte per
/// glyph), so CJK text spreads over as many fonts as it needs; a code is a glyph of a face
/// together with the text it stands for, which the font's ToUnicode CMap records.
final class PDFFonts {
    /// A glyph as content streams show it: a font's resource name and a code in it, and
    /// the advance the font's `/Widths` gives it, in glyph units.
    struct Code {
        var font: String
        var code: UInt8
        var advance: Double
    }

    /// A Pango font in use: which face's outlines it draws and its em size in pixels.
    struct UsedFont {
        var face: Int
        var size: Double
    }

    private struct FaceKey: Hashable {
        var face: UnsafeMutableRawPointer
        /// The font matrix per em (a synthetic slant), in millionths.
        var shape: [Int]
    }

    private struct CodeKey: Hashable {
        var face: Int
        var glyph: UInt32
        var text: String
    }

    private struct Type3Font {
        var ref: PDFRef
        var name: String
        var glyphs: [(face: Int, glyph: UInt32, text: String, advance: Double)] = []
    }

    /// Fonts seen so far, by the face description of the glyph runs that use them.
    private var used: [String: UsedFont?] = [:]
    private var faceIndex: [FaceKey: Int] = [:]
    private var faces: [FaceOutlines] = []
    private var codes: [CodeKey: Code] = [:]
    private var fonts: [Type3Font] = []

    /// Pango marks characters no font has with `PANGO_GLYPH_UNKNOWN_FLAG` (its renderer
    /// draws a hex box); such an index is no glyph of the font.
    static func isGlyph(_ glyph: UInt32) -> Bool { glyph & 0x1000_0000 == 0 }

    /// The face and size of a glyph run's font (`GlyphRun.font`); nil for a font Cairo
    /// cannot load, whose glyphs are left out as Cairo leaves them out of the PNG.
    func use(_ description: String) -> UsedFont? {
        if let known = used[description] { return known }
        var result: UsedFont?
        if let scaled = TextShaper.current.scaledFont(description), cairo_scaled_font_status(scaled) == CAIRO_STATUS_SUCCESS {
            var m = cairo_matrix_t()
            cairo_scaled_font_get_font_matrix(scaled, &m)
            let size = m.yy
            if size > 0 {
                // Faces stay alive (and their addresses their own) while their outlines are kept.
                let key = FaceKey(face: UnsafeMutableRawPointer(cairo_scaled_font_get_font_face(scaled)!),
                                  shape: [m.xx, m.yx, m.xy].map { Int(($0 / size * 1e6).rounded()) })
                let face: Int
                if let known = faceIndex[key] {
                    face = known
                } else {
                    face = faces.count
                    faces.append(FaceOutlines(like: scaled, emSize: size))
                    faceIndex[key] = face
                }
                result = UsedFont(face: face, size: size)
            }
        }
        used[description] = result
        return result
    }

    func outline(face: Int, glyph: UInt32) -> GlyphOutline {
        faces[face].outline(glyph)
    }

    /// The code showing `glyph` of `face` for `text`, allocated on first use.
    func code(face: Int, glyph: UInt32, text: String, in document: PDFDocument) -> Code {
        let key = CodeKey(face: face, glyph: glyph, text: text)
        if let known = codes[key] { return known }
        if fonts.isEmpty || fonts[fonts.count - 1].glyphs.count == 256 {
            let ref = document.file.reserve()
            fonts.append(Type3Font(ref: ref, name: document.resources.add(.font, prefix: "F", ref)))
        }
        // Widths are written to two decimals; positions are computed from what is written.
        let advance = (faces[face].outline(glyph).advance * 100).rounded() / 100
        let code = Code(font: fonts[fonts.count - 1].name, code: UInt8(fonts[fonts.count - 1].glyphs.count), advance: advance)
        fonts[fonts.count - 1].glyphs.append((face, glyph, text, advance))
        codes[key] = code
        return code
    }

    /// Writes every font with its glyph procedures and ToUnicode CMap.
    func write(into document: PDFDocument) {
        for font in fonts { write(font, into: document) }
    }

    private func write(_ font: Type3Font, into document: PDFDocument) {
        var procs: [PDFRef] = []
        var written: [CodeKey: PDFRef] = [:]
        var bbox = Box.empty
        for g in font.glyphs {
            let key = CodeKey(face: g.face, glyph: g.glyph, text: "")
            let outline = outline(face: g.face, glyph: g.glyph)
            if !outline.bounds.isEmpty { bbox = bbox.union(outline.bounds) }
            if let ref = written[key] {
                procs.append(ref)
                continue
            }
            let ref = document.file.reserve()
            document.file.writeStream(ref, data: glyphProcedure(outline, advance: g.advance))
            written[key] = ref
            procs.append(ref)
        }
        let toUnicode = document.file.reserve()
        document.file.writeStream(toUnicode, data: cmap(font))
        if bbox.isEmpty { bbox = Box(minX: 0, minY: 0, maxX: 0, maxY: 0) }
        document.file.write(font.ref) { out in
            out.append("<</Type/Font/Subtype/Type3/FontMatrix[0.001 0 0 0.001 0 0]/FontBBox[")
            out.integer(Int(bbox.minX.rounded(.down)))
            out.byte(UInt8(ascii: " "))
            out.integer(Int(bbox.minY.rounded(.down)))
            out.byte(UInt8(ascii: " "))
            out.integer(Int(bbox.maxX.rounded(.up)))
            out.byte(UInt8(ascii: " "))
            out.integer(Int(bbox.maxY.rounded(.up)))
            out.append("]/Resources<<>>/CharProcs<<")
            for (code, ref) in procs.enumerated() {
                out.append("/g")
                out.integer(code)
                out.byte(UInt8(ascii: " "))
                out.reference(ref)
            }
            out.append(">>/Encoding<</Type/Encoding/Differences[0")
            for code in procs.indices {
                out.append("/g")
                out.integer(code)
            }
            out.append("]>>/FirstChar 0/LastChar ")
            out.integer(procs.count - 1)
            out.append("/Widths[")
            for (i, g) in font.glyphs.enumerated() {
                if i > 0 { out.byte(UInt8(ascii: " ")) }
                out.number(g.advance, decimals: 2)
            }
            out.append("]/ToUnicode ")
            out.reference(toUnicode)
            out.append(">>")
        }
    }

    /// The advance (`d0`), then the outline filled with the nonzero rule, as font
    /// rasterisers fill it. The procedure sets no colour, so glyphs take the text's.
    /// `d1` would say the same with a bounding box, but lets readers cache each glyph as
    /// a bitmap placed on whole pixels (poppler does), and labels would then sit up to
    /// half a pixel away from where Pango put them; `d0` glyphs are drawn as paths.
    private func glyphProcedure(_ outline: GlyphOutline, advance: Double) -> [UInt8] {
        var out = PDFBuffer()
        out.number(advance, decimals: 2)
        out.append(" 0 d0\n")
        guard !outline.operators.isEmpty else { return out.bytes }
        outline.writePath(into: &out)
        out.append("f\n")
        return out.bytes
    }

    /// The ToUnicode CMap: each code to the UTF-16 of its text; codes that continue a
    /// cluster (no text of their own) are left out.
    private func cmap(_ font: Type3Font) -> [UInt8] {
        var out = PDFBuffer()
        out.append("""
        /CIDInit/ProcSet findresource begin
        12 dict begin
        begincmap
        /CIDSystemInfo<</Registry(Adobe)/Ordering(UCS)/Supplement 0>>def
        /CMapName/Adobe-Identity-UCS def
        /CMapType 2 def
        1 begincodespacerange
        <00><FF>
        endcodespacerange

        """)
        let mapped = font.glyphs.enumerated().filter { !$0.element.text.isEmpty }
        // At most 100 entries per block.
        for start in stride(from: 0, to: mapped.count, by: 100) {
            let block = mapped[start..<min(start + 100, mapped.count)]
            out.integer(block.count)
            out.append(" beginbfchar\n")
            for (code, g) in block {
                out.byte(UInt8(ascii: "<"))
                out.hexByte(UInt8(code))
                out.append("><")
                for unit in g.text.utf16 { out.hexUnit(unit) }
                out.append(">\n")
            }
            out.append("endbfchar\n")
        }
        out.append("""
        endcmap
        CMapName currentdict/CMap defineresource pop
        end
        end

        """)
        return out.bytes
    }
}
