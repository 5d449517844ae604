#if canImport(Glibc)
import Glibc
#endif
import CCairo
import CPNGEncoder
import Geometry
import Style

extension CairoBackend {
    /// The scene as PNG bytes. `dpi` goes into the pHYs chunk (96 × pixel ratio by default).
    public static func png(_ scene: Scene, dpi: Double? = nil, compressionLevel: Int = 3) throws -> [UInt8] {
        var timings = PhaseTimings()
        return try png(scene, dpi: dpi, compressionLevel: compressionLevel, timings: &timings)
    }

    /// As `png(_:dpi:compressionLevel:)`, timing drawing ("render") and encoding ("encode").
    /// The scene is consumed: its paths and labels are freed once drawn, before encoding.
    public static func png(_ scene: consuming Scene, dpi: Double? = nil, compressionLevel: Int = 3,
                           timings: inout PhaseTimings) throws -> [UInt8] {
        let image = try timings.measure("render") { try rasterize(scene) }
        defer { cairo_surface_destroy(image) }
        let dpi = dpi ?? 96 * scene.pixelRatio
        _ = consume scene
        return try timings.measure("encode") {
            try encodePNG(image, dpi: dpi, compressionLevel: compressionLevel)
        }
    }

    /// Images are drawn in this many horizontal bands, on as many cores as there are. The
    /// count is fixed, not taken from the machine, so that the same input gives the same
    /// bytes everywhere.
    static let bands = 8

    /// Draws the scene on a new image surface (the caller destroys it): each band is a
    /// surface over its rows of the one pixel buffer, drawn on its own thread with the
    /// commands that reach it. Inside `Parallel.sequentially` (a batch drawing one map per
    /// core) the image is one band: bands would only draw the paths that cross them again.
    /// Both give the same pixels.
    static func rasterize(_ scene: Scene) throws -> OpaquePointer {
        guard let (surface, cleared) = ImageSurface.make(width: scene.width, height: scene.height),
              cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS
        else { throw RenderError("cannot create a \(scene.width)x\(scene.height) image") }
        cairo_surface_flush(surface)
        let data = UnsafeSendable(cairo_image_surface_get_data(surface)!)
        let stride = Int(cairo_image_surface_get_stride(surface))
        let count = Parallel.isSequential ? 1 : min(bands, max(1, scene.height))
        let rows = CommandRows(scene)
        let statuses = Parallel.map(count) { b -> cairo_status_t in
            let y0 = scene.height * b / count, y1 = scene.height * (b + 1) / count
            let band = cairo_image_surface_create_for_data(data.value + y0 * stride, CAIRO_FORMAT_ARGB32,
                                                           Int32(scene.width), Int32(y1 - y0), Int32(stride))!
            defer { cairo_surface_destroy(band) }
            let cr = cairo_create(band)!
            defer { cairo_destroy(cr) }
            cairo_translate(cr, 0, -Double(y0))
            if !cleared { memset(data.value + y0 * stride, 0, (y1 - y0) * stride) }
            draw(scene, on: cr, band: (Double(y0)..<Double(y1), rows))
            cairo_surface_flush(band)
            return cairo_status(cr)
        }
        cairo_surface_mark_dirty(surface)
        if let failed = statuses.first(where: { $0 != CAIRO_STATUS_SUCCESS }) {
            cairo_surface_destroy(surface)
            throw RenderError("Cairo: \(String(cString: cairo_status_to_string(failed)))")
        }
        return surface
    }

    static func encodePNG(_ surface: OpaquePointer, dpi: Double, compressionLevel: Int) throws -> [UInt8] {
        cairo_surface_flush(surface)
        var buffer = cartouche_png_buffer()
        var message = [CChar](repeating: 0, count: 256)
        let result = cartouche_png_encode_argb32(
            cairo_image_surface_get_data(surface), cairo_image_surface_get_width(surface),
            cairo_image_surface_get_height(surface), cairo_image_surface_get_stride(surface),
            Int32(compressionLevel), dpi, Int32(Parallel.isSequential ? 1 : Parallel.cores),
            &buffer, &message, message.count)
        defer { free(buffer.data) }
        guard result == 0 else {
            throw RenderError("PNG encoding failed: \(String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))")
        }
        return Array(UnsafeBufferPointer(start: buffer.data, count: buffer.size))
    }
}
