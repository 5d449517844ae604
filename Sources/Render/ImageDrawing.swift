#if canImport(Glibc)
import Glibc
#endif
import CCairo
import CPNGEncoder
import Raster

/// A scene image in each output: painted 1:1 by Cairo, embedded once in SVG and PDF,
/// JPEG for photographs and PNG (Flate in PDF) otherwise, at the scene's resolution (the
/// pixel ratio of the output: 300 dpi paper asks for 300/96).
enum ImageEmbedding {
    /// JPEG quality for imagery: visually lossless for aerial photographs at print size.
    static let jpegQuality = 88

    static func png(_ image: RasterImage) throws -> [UInt8] {
        var buffer = cartouche_png_buffer()
        var message = [CChar](repeating: 0, count: 256)
        let result = image.pixels.withUnsafeBytes {
            cartouche_png_encode_argb32($0.baseAddress?.assumingMemoryBound(to: UInt8.self), Int32(image.width),
                                        Int32(image.height), Int32(image.width * 4), 6, 0, 1, &buffer, &message, message.count)
        }
        defer { free(buffer.data) }
        guard result == 0 else { throw RenderError("PNG encoding of a raster layer failed") }
        return Array(UnsafeBufferPointer(start: buffer.data, count: buffer.size))
    }

    static func base64(_ bytes: [UInt8]) -> String {
        let table = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        var out = [UInt8]()
        out.reserveCapacity((bytes.count + 2) / 3 * 4)
        var i = 0
        while i + 2 < bytes.count {
            let v = UInt32(bytes[i]) << 16 | UInt32(bytes[i + 1]) << 8 | UInt32(bytes[i + 2])
            out += [table[Int(v >> 18)], table[Int((v >> 12) & 63)], table[Int((v >> 6) & 63)], table[Int(v & 63)]]
            i += 3
        }
        if i < bytes.count {
            let rest = bytes.count - i
            let v = UInt32(bytes[i]) << 16 | (rest == 2 ? UInt32(bytes[i + 1]) << 8 : 0)
            out += [table[Int(v >> 18)], table[Int((v >> 12) & 63)]]
            out += rest == 2 ? [table[Int((v >> 6) & 63)], UInt8(ascii: "=")] : [UInt8(ascii: "="), UInt8(ascii: "=")]
        }
        return String(decoding: out, as: UTF8.self)
    }
}

extension CairoBackend {
    /// The image is already on the device grid: painted unfiltered.
    static func drawImage(_ cr: OpaquePointer, _ image: SceneImage) {
        // Read in place: a mutable view of the scene's array would copy all of it (it is
        // shared) for each band the PNG is drawn in. Cairo only reads a source surface.
        image.image.pixels.withUnsafeBytes { bytes in
            guard let surface = cairo_image_surface_create_for_data(
                UnsafeMutablePointer(mutating: bytes.baseAddress?.assumingMemoryBound(to: UInt8.self)), CAIRO_FORMAT_ARGB32,
                Int32(image.image.width), Int32(image.image.height), Int32(image.image.width * 4)) else { return }
            defer { cairo_surface_destroy(surface) }
            cairo_save(cr)
            cairo_set_source_surface(cr, surface, image.x, image.y)
            cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_NEAREST)
            cairo_rectangle(cr, image.x, image.y, Double(image.image.width), Double(image.image.height))
            cairo_fill(cr)
            cairo_restore(cr)
        }
    }
}

extension SVGLayerWriter {
    /// An `<image>` with the picture inline: JPEG (opaque imagery) or PNG.
    func writeImage(_ image: SceneImage, into out: inout SVGBuffer) {
        let (mime, bytes): (String, [UInt8]?)
        if image.photographic, image.image.isOpaque {
            let rgb = ImageEncoder.planes(image.image).rgb
            (mime, bytes) = ("image/jpeg", try? ImageEncoder.jpeg(rgb: rgb, width: image.image.width, height: image.image.height,
                                                                   quality: ImageEmbedding.jpegQuality))
        } else {
            (mime, bytes) = ("image/png", try? ImageEmbedding.png(image.image))
        }
        guard let bytes else { return }
        out.append("<image")
        out.attribute("x", image.x)
        out.attribute("y", image.y)
        out.attribute("width", Double(image.image.width))
        out.attribute("height", Double(image.image.height))
        out.append(" preserveAspectRatio=\"none\" style=\"image-rendering:optimizeSpeed\" href=\"data:\(mime);base64,")
        out.append(ImageEmbedding.base64(bytes))
        out.append("\"/>\n")
    }
}

extension PDFScenePainter {
    /// One image XObject: DCT (JPEG) colour for imagery, Flate otherwise, with a Flate
    /// soft mask where it is not opaque; drawn over its device rectangle.
    func drawImage(_ image: SceneImage, into content: inout PDFContent) {
        let name = content.document.image(image.image, photographic: image.photographic)
        content.save()
        content.concatenate(Affine(a: Double(image.image.width), d: -Double(image.image.height), e: image.x,
                                   f: image.y + Double(image.image.height)))
        content.draw(name)
        content.restore()
    }
}

extension PDFDocument {
    /// Writes an image XObject (and its soft mask); returns its resource name.
    func image(_ image: RasterImage, photographic: Bool) -> String {
        let (rgb, alpha) = ImageEncoder.planes(image)
        let w = image.width, h = image.height
        var mask: PDFRef?
        if let alpha {
            let ref = file.reserve()
            file.writeStream(ref, data: alpha) { out in
                out.append("/Type/XObject/Subtype/Image/Width ")
                out.integer(w)
                out.append("/Height ")
                out.integer(h)
                out.append("/ColorSpace/DeviceGray/BitsPerComponent 8")
            }
            mask = ref
        }
        let ref = file.reserve()
        func dictionary(_ out: inout PDFBuffer) {
            out.append("/Type/XObject/Subtype/Image/Width ")
            out.integer(w)
            out.append("/Height ")
            out.integer(h)
            out.append("/ColorSpace/DeviceRGB/BitsPerComponent 8")
            if let mask {
                out.append("/SMask ")
                out.reference(mask)
            }
        }
        if photographic, let jpeg = try? ImageEncoder.jpeg(rgb: rgb, width: w, height: h, quality: ImageEmbedding.jpegQuality) {
            file.writeRawStream(ref, data: jpeg, filter: "/DCTDecode", dictionary: dictionary)
        } else {
            file.writeStream(ref, data: rgb, dictionary: dictionary)
        }
        return resources.add(.xObject, prefix: "I", ref)
    }
}
