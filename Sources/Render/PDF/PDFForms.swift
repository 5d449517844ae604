import Geometry

extension PDFDocument {
    /// Content drawn as a transparency group: a form XObject whose result is composited as
    /// one image, so that paint with the caller's fill alpha (`ca`) fades the whole group
    /// instead of each overlapping part (a blurred line's nested strokes, a gradient
    /// line's overlapping segment ends). Returns the form's resource name.
    func transparencyGroup(bounds: Box, _ draw: (inout PDFContent) -> Void) -> String {
        let ref = form(bounds: bounds, colorSpace: "/DeviceRGB", draw)
        return resources.add(.xObject, prefix: "G", ref)
    }

    /// A graphics state whose soft mask is the luminosity of `draw`'s content (drawn in
    /// grey, black = transparent): alpha that varies across a shading. The mask is laid
    /// in the coordinates current when the state is set. Returns the state's name.
    func softMask(bounds: Box, _ draw: (inout PDFContent) -> Void) -> String {
        let ref = form(bounds: bounds, colorSpace: "/DeviceGray", draw)
        var state = PDFBuffer()
        state.append("<</SMask<</Type/Mask/S/Luminosity/G ")
        state.reference(ref)
        state.append(">>>>")
        return resources.add(.extGState, prefix: "M", value: state.bytes)
    }

    private func form(bounds: Box, colorSpace: StaticString, _ draw: (inout PDFContent) -> Void) -> PDFRef {
        var content = PDFContent(document: self)
        draw(&content)
        let ref = file.reserve()
        file.writeStream(ref, data: content.out.bytes) { out in
            out.append("/Type/XObject/Subtype/Form/BBox[")
            for (i, v) in [bounds.minX, bounds.minY, bounds.maxX, bounds.maxY].enumerated() {
                if i > 0 { out.byte(UInt8(ascii: " ")) }
                out.coordinate(v)
            }
            out.append("]/Group<</S/Transparency/CS")
            out.append(colorSpace)
            out.append(">>/Resources ")
            out.reference(resourcesRef)
        }
        return ref
    }
}
