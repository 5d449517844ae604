#if canImport(Glibc)
import Glibc
#endif
import CCairo
import CPNGEncoder

extension CairoBackend {
    /// A rectangle of an image, device pixels from its top-left corner.
    public struct PixelRect: Sendable, Equatable {
        /// The rectangle's left and top edges and its size, in device pixels.
        public var x, y, width, height: Int
        /// A rectangle from its top-left corner and size.
        public init(x: Int, y: Int, width: Int, height: Int) {
            self.x = x
            self.y = y
            self.width = width
            self.height = height
        }
    }

    /// Draws the scene once and encodes each rectangle of it as its own PNG: a metatile cut
    /// into tiles. Labels are placed once over the whole scene, so a label that crosses a
    /// tile edge continues in the next tile instead of being cut or drawn again there.
    public static func pngCuts(_ scene: Scene, _ rects: [PixelRect], dpi: Double? = nil,
                               compressionLevel: Int = 3) throws -> [[UInt8]] {
        let image = try rasterize(scene)
        defer { cairo_surface_destroy(image) }
        cairo_surface_flush(image)
        let base = cairo_image_surface_get_data(image)!
        let stride = Int(cairo_image_surface_get_stride(image))
        let width = Int(cairo_image_surface_get_width(image)), height = Int(cairo_image_surface_get_height(image))
        let dpi = dpi ?? 96 * scene.pixelRatio
        return try rects.map { r in
            guard r.x >= 0, r.y >= 0, r.width > 0, r.height > 0, r.x + r.width <= width, r.y + r.height <= height else {
                throw RenderError("tile \(r) is outside the \(width)x\(height) image")
            }
            var buffer = cartouche_png_buffer()
            var message = [CChar](repeating: 0, count: 256)
            let result = cartouche_png_encode_argb32(base + r.y * stride + r.x * 4, Int32(r.width), Int32(r.height),
                                                     Int32(stride), Int32(compressionLevel), dpi, 1, &buffer, &message, message.count)
            defer { free(buffer.data) }
            guard result == 0 else {
                throw RenderError("PNG encoding failed: \(String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))")
            }
            return Array(UnsafeBufferPointer(start: buffer.data, count: buffer.size))
        }
    }
}
