import Geometry

/// One PDF as it is built, page by page: the file with its numbered objects and what the
/// pages share (one resource dictionary, the fonts, the layers). Content writers hold it to
/// register resources and write the objects those refer to (forms, shadings, fonts).
final class PDFDocument {
    var file = PDFFile()
    var resources = PDFResources()
    let fonts = PDFFonts()
    let glyphForms = PDFGlyphForms()
    var layers = PDFOptionalContent()
    /// Icon and pattern images written so far, by `IconPixels.key`: each once per file.
    var iconImages: [String: String] = [:]
    private let catalog: PDFRef
    private let pageTree: PDFRef
    /// The resource dictionary every page and form refers to; written last.
    let resourcesRef: PDFRef
    private var pages: [PDFRef] = []

    init() {
        catalog = file.reserve()
        pageTree = file.reserve()
        resourcesRef = file.reserve()
    }

    /// Adds a page the scene's size at 96 CSS pixels per inch and draws the scene on it,
    /// each layer in its own optional-content group and under its clip rectangle.
    func addPage(_ scene: Scene) {
        let width = scene.cssWidth * 0.75, height = scene.cssHeight * 0.75
        let scale = width / Double(scene.width)
        var content = PDFContent(document: self)
        // Scene pixels, y down, onto PDF points, y up.
        content.concatenate(Affine(a: scale, d: -scale, f: height))
        let painter = PDFScenePainter(scene: scene)
        for layer in scene.layers {
            content.beginOptionalContent(layers.properties(for: layer.id, in: self))
            if let clip = layer.clip {
                content.save()
                content.rectangle(clip)
                content.paint("W n")
            }
            painter.draw(layer, into: &content)
            if layer.clip != nil { content.restore() }
            content.endMarkedContent()
        }
        let contents = writeContents(content.out.bytes)
        let page = file.reserve()
        file.write(page) { out in
            out.append("<</Type/Page/Parent ")
            out.reference(pageTree)
            out.append("/MediaBox[0 0 ")
            out.number(width, decimals: 3)
            out.byte(UInt8(ascii: " "))
            out.number(height, decimals: 3)
            out.append("]/Resources ")
            out.reference(resourcesRef)
            out.append("/Contents[")
            for (i, ref) in contents.enumerated() {
                if i > 0 { out.byte(UInt8(ascii: " ")) }
                out.reference(ref)
            }
            out.append("]")
            // Blend translucent paint in RGB, as the PNG does.
            out.append("/Group<</S/Transparency/CS/DeviceRGB>>>>")
        }
        pages.append(page)
    }

    /// Content streams are split into pieces of about this many bytes.
    static let contentPiece = 1 << 20

    /// A page's content in pieces, split after an operator's line (a reader joins a page's
    /// streams as if they were one, so the split may fall anywhere between tokens) and
    /// compressed in parallel: compression is most of the time a dense map takes to encode.
    /// Pieces depend only on the bytes, so the output does not depend on the machine.
    private func writeContents(_ bytes: [UInt8]) -> [PDFRef] {
        var cuts = [0]
        while cuts.last! + Self.contentPiece < bytes.count,
              let newline = bytes[(cuts.last! + Self.contentPiece)...].firstIndex(of: UInt8(ascii: "\n")) {
            cuts.append(newline + 1)
        }
        if cuts.last! < bytes.count { cuts.append(bytes.count) }
        let pieces = Parallel.map(cuts.count - 1) { Deflate.compress(bytes[cuts[$0]..<cuts[$0 + 1]]) }
        return pieces.map { piece in
            let ref = file.reserve()
            file.writeCompressedStream(ref, compressed: piece)
            return ref
        }
    }

    /// Writes what the pages share and the document's catalog and information, and
    /// returns the file's bytes.
    func finish(title: String?) -> [UInt8] {
        fonts.write(into: self)
        file.write(resourcesRef) { resources.write(into: &$0) }
        file.write(pageTree) { out in
            out.append("<</Type/Pages/Kids[")
            for (i, page) in pages.enumerated() {
                if i > 0 { out.byte(UInt8(ascii: " ")) }
                out.reference(page)
            }
            out.append("]/Count ")
            out.integer(pages.count)
            out.append(">>")
        }
        file.write(catalog) { out in
            out.append("<</Type/Catalog/Pages ")
            out.reference(pageTree)
            layers.writeProperties(into: &out)
            out.append(">>")
        }
        let info = file.reserve()
        file.write(info) { out in
            out.append("<<")
            if let title {
                out.append("/Title")
                out.textString(title)
            }
            out.append("/Creator(Cartouche)/Producer(Cartouche)>>")
        }
        return file.finish(root: catalog, info: info)
    }
}
