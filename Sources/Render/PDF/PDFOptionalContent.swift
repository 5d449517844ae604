/// The document's optional-content groups: one per style layer id, shared by every page
/// that draws the layer, so that hiding "roads" in a viewer's layer panel hides it on all
/// pages. All are on by default and listed in style order.
struct PDFOptionalContent {
    private var groups: [(id: String, ref: PDFRef, properties: String)] = []

    /// The resource name under which content marks itself as part of the layer's group,
    /// creating the group on the layer's first use.
    mutating func properties(for layerID: String, in document: PDFDocument) -> String {
        if let group = groups.first(where: { $0.id == layerID }) { return group.properties }
        let ref = document.file.reserve()
        document.file.write(ref) { out in
            out.append("<</Type/OCG/Name")
            out.textString(layerID)
            out.append(">>")
        }
        let name = document.resources.add(.properties, prefix: "L", ref)
        groups.append((layerID, ref, name))
        return name
    }

    /// The catalog's `/OCProperties` entry (nothing when no page has layers).
    func writeProperties(into out: inout PDFBuffer) {
        guard !groups.isEmpty else { return }
        func list() {
            out.byte(UInt8(ascii: "["))
            for (i, g) in groups.enumerated() {
                if i > 0 { out.byte(UInt8(ascii: " ")) }
                out.reference(g.ref)
            }
            out.byte(UInt8(ascii: "]"))
        }
        out.append("/OCProperties<</OCGs")
        list()
        out.append("/D<</Name(Layers)/BaseState/ON/ON")
        list()
        out.append("/Order")
        list()
        out.append(">>>>")
    }
}
