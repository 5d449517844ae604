#if canImport(Glibc)
import Glibc
#endif
import CCairo
import CRsvg
import JSON
import Style

/// The SVG document an icon was drawn from (`cartouche:icons`): SVG output embeds it as
/// it is, so the icon stays vector.
public struct SVGDocument: Sendable {
    /// The file's text.
    public var text: String
    /// Its width in CSS pixels.
    public var width: Double
    /// Its height in CSS pixels.
    public var height: Double
}

/// Icons from a folder of SVG files, named by file (`hospital.svg` is "hospital"), so that
/// a style can use a symbol without a sprite sheet. librsvg rasterises each at the output's
/// pixel ratio for PNG. An optional `icons.json` in the folder gives images the index
/// fields of a sprite (`stretchX`, `stretchY`, `content`, `sdf`) in the SVG's CSS pixels,
/// for shields that stretch around text.
enum SVGIcons {
    static func load(folder: String, pixelRatio: Double) -> ([IconImage], [String]) {
        guard let dir = opendir(folder) else {
            return ([], ["icon folder \(folder) (cartouche:icons): cannot be read; its icons are not drawn"])
        }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if name.hasSuffix(".svg") { names.append(name) }
        }
        closedir(dir)
        var extra: [String: SpriteImageInfo] = [:]
        var warnings: [String] = []
        let indexPath = folder + "/icons.json"
        if fileExists(indexPath) {
            do {
                if let (infos, problems) = SpriteIndex.parse(try JSONParser.parse(contentsOf: indexPath), requirePlacement: false) {
                    for info in infos { extra[info.name] = info }
                    warnings += problems.map { "\(indexPath): \($0)" }
                }
            } catch {
                warnings.append("icon index \(error); its stretch zones are not used")
            }
        }
        var images: [IconImage] = []
        for file in names.sorted() {
            let path = folder + "/" + file
            let name = String(file.dropLast(4))
            guard let image = rasterise(path: path, name: name, pixelRatio: pixelRatio, extra: extra[name]) else {
                warnings.append("icon file \(path): not an SVG document librsvg can draw (with a width and height); it is not drawn")
                continue
            }
            images.append(image)
        }
        return (images, warnings)
    }

    /// The SVG at `path` drawn at `pixelRatio` device pixels per CSS pixel.
    static func rasterise(path: String, name: String, pixelRatio: Double, extra: SpriteImageInfo?) -> IconImage? {
        guard let file = try? MappedFile(path: path), file.count > 0 else { return nil }
        let text = String(decoding: file.bytes, as: UTF8.self)
        var error: UnsafeMutablePointer<GError>?
        let handle = file.bytes.withMemoryRebound(to: UInt8.self) { rsvg_handle_new_from_data($0.baseAddress, gsize($0.count), &error) }
        if let error { g_error_free(error) }
        guard let handle else { return nil }
        defer { g_object_unref(UnsafeMutableRawPointer(handle)) }
        var w = 0.0, h = 0.0
        guard rsvg_handle_get_intrinsic_size_in_pixels(handle, &w, &h) != 0, w > 0, h > 0, w <= 4096, h <= 4096 else { return nil }
        let pw = Int((w * pixelRatio).rounded(.up)), ph = Int((h * pixelRatio).rounded(.up))
        let surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, Int32(pw), Int32(ph))!
        defer { cairo_surface_destroy(surface) }
        let cr = cairo_create(surface)!
        var viewport = RsvgRectangle(x: 0, y: 0, width: w * pixelRatio, height: h * pixelRatio)
        var renderError: UnsafeMutablePointer<GError>?
        let ok = rsvg_handle_render_document(handle, cr, &viewport, &renderError) != 0
        cairo_destroy(cr)
        if let renderError { g_error_free(renderError) }
        guard ok else { return nil }
        cairo_surface_flush(surface)
        let stride = Int(cairo_image_surface_get_stride(surface))
        let data = cairo_image_surface_get_data(surface)!
        let pixels = UnsafeMutablePointer<UInt32>.allocate(capacity: pw * ph)
        for y in 0..<ph {
            UnsafeMutableRawPointer(pixels + y * pw).copyMemory(from: data + y * stride, byteCount: pw * 4)
        }
        let scale = { (v: Double) in v * pixelRatio }
        let info = SpriteImageInfo(name: name, x: 0, y: 0, width: pw, height: ph, pixelRatio: pixelRatio, sdf: extra?.sdf ?? false,
                                   content: extra?.content.map { (scale($0.0), scale($0.1), scale($0.2), scale($0.3)) },
                                   stretchX: extra?.stretchX.map { (scale($0.0), scale($0.1)) } ?? [],
                                   stretchY: extra?.stretchY.map { (scale($0.0), scale($0.1)) } ?? [])
        return IconImage(info: info, pixels: pixels, svg: SVGDocument(text: text, width: w, height: h))
    }
}
