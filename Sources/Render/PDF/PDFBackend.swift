/// Writes scenes as PDF directly, without Cairo: each scene a page, each style layer an
/// optional-content group (a layer in Acrobat, Illustrator and Inkscape) named by its id,
/// consecutive features of equal paint one path, labels as text in Type 3 fonts made from
/// the glyph outlines Pango chose, so that text is selectable and looks as in the PNG.
/// Identical scenes give identical bytes.
public enum PDFBackend {
    /// The scenes as the pages of one PDF, `title` in its metadata; throws for no pages.
    public static func pdf(_ pages: [Scene], title: String? = nil) throws -> [UInt8] {
        guard !pages.isEmpty else { throw RenderError("a PDF needs at least one page") }
        let document = PDFDocument()
        for page in pages { document.addPage(page) }
        return document.finish(title: title)
    }
}
