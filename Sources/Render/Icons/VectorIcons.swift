import Geometry
import Style

extension SVGLayerWriter {
    /// The id of the `<image>` in `<defs>` that shows `icon`'s picture, written the first
    /// time: an SVG source as SVG (it stays vector), other images as PNG.
    private mutating func imageID(_ icon: PlacedIcon, into out: inout SVGBuffer) -> String {
        let key = IconPixels.key(icon)
        if let id = embeddedImages[key] { return id }
        let id = "img\(embeddedImages.count)"
        embeddedImages[key] = id
        let image = icon.image
        out.append("<defs><image")
        out.attribute("id", id)
        out.attribute("width", Double(image.width))
        out.attribute("height", Double(image.height))
        out.append(" preserveAspectRatio=\"none\" href=\"")
        if let svg = image.svg, icon.sdf == nil {
            out.append("data:image/svg+xml;base64,")
            out.append(IconPixels.base64(Array(svg.text.utf8)))
        } else {
            out.append("data:image/png;base64,")
            out.append(IconPixels.base64(IconPixels.png(IconPixels.pixels(icon), width: image.width, height: image.height)))
        }
        out.append("\"/></defs>\n")
        return id
    }

    mutating func writeIcon(_ icon: PlacedIcon, into out: inout SVGBuffer) {
        let id = imageID(icon, into: &out)
        let whole = icon.quads.count == 1
        for quad in icon.quads {
            var clip: String?
            if !whole {
                clip = "c\(nextID)"
                nextID += 1
                out.append("<clipPath")
                out.attribute("id", clip!)
                out.append("><rect")
                out.attribute("x", quad.u0)
                out.attribute("y", quad.v0)
                out.attribute("width", quad.u1 - quad.u0)
                out.attribute("height", quad.v1 - quad.v0)
                out.append("/></clipPath>\n")
            }
            out.append("<use href=\"#\(id)\" transform=\"matrix(")
            for (i, v) in [quad.a, quad.b, quad.c, quad.d, quad.ox, quad.oy].enumerated() {
                if i > 0 { out.append(" ") }
                out.number(v)
            }
            out.append(")\"")
            if let clip { out.append(" clip-path=\"url(#\(clip))\"") }
            if icon.opacity < 1 { out.attribute("opacity", icon.opacity) }
            out.append("/>\n")
        }
    }

    mutating func writePatternFill(_ paths: PathBuffer, _ subpaths: Range<Int>, _ paint: PatternPaint, into out: inout SVGBuffer) {
        let icon = PlacedIcon(image: paint.image, quads: [], opacity: 1, color: .black, haloColor: .transparent, sdf: nil,
                              smooth: true, box: .empty)
        let image = imageID(icon, into: &out)
        let pattern = "p\(nextID)"
        nextID += 1
        out.append("<defs><pattern")
        out.attribute("id", pattern)
        out.append(" patternUnits=\"userSpaceOnUse\"")
        out.attribute("width", Double(paint.image.width))
        out.attribute("height", Double(paint.image.height))
        out.append(" patternTransform=\"matrix(")
        for (i, v) in [paint.a, paint.b, paint.c, paint.d, paint.ox, paint.oy].enumerated() {
            if i > 0 { out.append(" ") }
            out.number(v)
        }
        out.append(")\"><use href=\"#\(image)\"/></pattern></defs>\n")
        out.append("<path fill-rule=\"evenodd\" fill=\"url(#\(pattern))\"")
        if paint.opacity < 1 { out.attribute("fill-opacity", paint.opacity) }
        pathData(paths, [subpaths], into: &out)
        out.append("/>\n")
    }
}

extension PDFScenePainter {
    /// The image XObject showing `icon`'s picture (straight-alpha RGB with a soft mask),
    /// written once per file.
    private func imageName(_ icon: PlacedIcon, _ document: PDFDocument) -> String {
        let key = IconPixels.key(icon)
        if let name = document.iconImages[key] { return name }
        let image = icon.image
        let pixels = IconPixels.pixels(icon)
        var rgb = [UInt8](), alpha = [UInt8]()
        rgb.reserveCapacity(pixels.count * 3)
        alpha.reserveCapacity(pixels.count)
        for p in pixels {
            let a = p >> 24
            alpha.append(UInt8(a))
            for shift in [16, 8, 0] as [UInt32] {
                let c = p >> shift & 0xFF
                rgb.append(a == 0 ? 0 : UInt8(min(255, (c * 255 + a / 2) / a)))
            }
        }
        let maskRef = document.file.reserve()
        document.file.writeCompressedStream(maskRef, compressed: Deflate.compress(alpha)) { out in
            out.append("/Type/XObject/Subtype/Image/Width \(image.width)/Height \(image.height)/ColorSpace/DeviceGray/BitsPerComponent 8")
        }
        let ref = document.file.reserve()
        document.file.writeCompressedStream(ref, compressed: Deflate.compress(rgb)) { out in
            out.append("/Type/XObject/Subtype/Image/Width \(image.width)/Height \(image.height)/ColorSpace/DeviceRGB/BitsPerComponent 8/SMask ")
            out.reference(maskRef)
            if icon.smooth { out.append("/Interpolate true") }
        }
        let name = document.resources.add(.xObject, prefix: "I", ref)
        document.iconImages[key] = name
        return name
    }

    /// The Form XObject drawing an SVG icon as vectors, written once per file; nil when the
    /// SVG cannot be carried over (the icon is then an image).
    private func formName(_ icon: PlacedIcon, _ document: PDFDocument) -> String? {
        guard let svg = icon.image.svg, icon.sdf == nil else { return nil }
        let key = "svg|" + IconPixels.key(icon)
        if let name = document.iconImages[key] { return name.isEmpty ? nil : name }
        guard let form = PDFSVGForm(svg), let ref = form.write(into: &document.file) else {
            document.iconImages[key] = ""
            return nil
        }
        let name = document.resources.add(.xObject, prefix: "I", ref)
        document.iconImages[key] = name
        return name
    }

    /// Clips the content to a quad of an icon and sets the icon's opacity (inside a save).
    private func clip(_ content: inout PDFContent, to quad: IconQuad, opacity: Double) {
        let corners = [quad.apply(quad.u0, quad.v0), quad.apply(quad.u1, quad.v0), quad.apply(quad.u1, quad.v1),
                       quad.apply(quad.u0, quad.v1)]
        var outline = PathBuffer()
        for c in corners { outline.points += [c.x, c.y] }
        outline.endSubpath(closed: true)
        content.subpaths(outline, [0..<1])
        content.paint("W n")
        content.setFillAlpha(opacity)
    }

    func drawIcon(_ icon: PlacedIcon, into content: inout PDFContent) {
        if let form = formName(icon, content.document), let svg = icon.image.svg {
            let r = icon.image.pixelRatio, h = svg.height
            for quad in icon.quads {
                content.save()
                clip(&content, to: quad, opacity: icon.opacity)
                // The form's points (CSS pixels, y up from its foot) → image pixels → device.
                content.concatenate(Affine(a: quad.a * r, b: quad.b * r, c: -quad.c * r, d: -quad.d * r,
                                           e: quad.ox + quad.c * r * h, f: quad.oy + quad.d * r * h))
                content.draw(form)
                content.restore()
            }
            return
        }
        let name = imageName(icon, content.document)
        let w = Double(icon.image.width), h = Double(icon.image.height)
        for quad in icon.quads {
            content.save()
            clip(&content, to: quad, opacity: icon.opacity)
            // Map the image's unit square (y up) onto its pixels.
            content.concatenate(Affine(a: quad.a * w, b: quad.b * w, c: -quad.c * h, d: -quad.d * h,
                                       e: quad.ox + quad.c * h, f: quad.oy + quad.d * h))
            content.draw(name)
            content.restore()
        }
    }

    func fillPattern(_ paths: PathBuffer, _ subpaths: Range<Int>, _ paint: PatternPaint, into content: inout PDFContent) {
        let document = content.document
        let icon = PlacedIcon(image: paint.image, quads: [], opacity: 1, color: .black, haloColor: .transparent, sdf: nil,
                              smooth: true, box: .empty)
        let image = imageName(icon, document)
        let w = Double(paint.image.width), h = Double(paint.image.height)
        // A tiling pattern: one cell draws the image; its matrix maps pattern space (image
        // pixels) to the page's default space, through the page's own transform.
        let page = Affine(a: scene.cssWidth * 0.75 / Double(scene.width), d: -scene.cssWidth * 0.75 / Double(scene.width),
                          f: scene.cssHeight * 0.75)
        let m = Affine(a: paint.a, b: paint.b, c: paint.c, d: paint.d, e: paint.ox, f: paint.oy).then(page)
        var cell = PDFBuffer()
        cell.append("q \(w) 0 0 \(-h) 0 \(h) cm /\(image) Do Q")
        let ref = document.file.reserve()
        document.file.writeStream(ref, data: cell.bytes) { out in
            out.append("/Type/Pattern/PatternType 1/PaintType 1/TilingType 1/BBox[0 0 \(w) \(h)]/XStep \(w)/YStep \(h)/Matrix")
            out.matrix(m)
            out.append("/Resources ")
            out.reference(document.resourcesRef)
        }
        let name = document.resources.add(.pattern, prefix: "P", ref)
        // Saved and restored: the pattern colour is not a colour the content tracks.
        content.save()
        content.setFillAlpha(paint.opacity)
        content.withBuffer { out in
            out.append("/Pattern cs ")
            out.name(name)
            out.append(" scn\n")
        }
        content.subpaths(paths, [subpaths])
        content.paint("f*")
        content.restore()
    }
}
