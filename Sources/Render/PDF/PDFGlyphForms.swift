import Geometry

/// Glyph outlines as form XObjects that stroke them, for label halos: a halo is each
/// glyph's outline stroked at twice the halo width, and a form per glyph (written once,
/// drawn wherever the glyph has a halo) keeps a CJK label's halo to a few bytes per glyph
/// instead of its whole outline again. The stroke takes colour, width and join from the
/// state it is drawn in.
final class PDFGlyphForms {
    private struct Key: Hashable {
        var face: Int
        var glyph: UInt32
    }

    private var names: [Key: String] = [:]

    /// Halos are drawn with widths up to this many glyph units beyond the outline (an em;
    /// MapLibre limits halos to a quarter of one); forms clip to their bounding box.
    static let reach = FaceOutlines.unitsPerEm

    /// The form's resource name; nil for glyphs without an outline (spaces).
    func form(face: Int, glyph: UInt32, in document: PDFDocument) -> String? {
        let key = Key(face: face, glyph: glyph)
        if let known = names[key] { return known }
        let outline = document.fonts.outline(face: face, glyph: glyph)
        guard !outline.operators.isEmpty else { return nil }
        var path = PDFBuffer()
        outline.writePath(into: &path)
        path.append("S\n")
        let ref = document.file.reserve()
        let bounds = outline.bounds.expanded(by: Self.reach)
        document.file.writeStream(ref, data: path.bytes) { out in
            out.append("/Type/XObject/Subtype/Form/BBox[")
            out.integer(Int(bounds.minX.rounded(.down)))
            out.byte(UInt8(ascii: " "))
            out.integer(Int(bounds.minY.rounded(.down)))
            out.byte(UInt8(ascii: " "))
            out.integer(Int(bounds.maxX.rounded(.up)))
            out.byte(UInt8(ascii: " "))
            out.integer(Int(bounds.maxY.rounded(.up)))
            out.append("]")
        }
        let name = document.resources.add(.xObject, prefix: "H", ref)
        names[key] = name
        return name
    }
}
