import CCairo
import Style

/// One image a symbol or pattern can draw: a region cut from a sprite sheet, or an SVG file
/// rasterised for PNG output. Pixels are Cairo's: premultiplied ARGB in native-endian
/// words, with a stride of `width` words. Shared (a class): scenes name the image, they do
/// not copy it, and vector outputs embed each image once however often it is drawn.
public final class IconImage: @unchecked Sendable {
    /// The name `icon-image` and `fill-pattern` use (`"roadsigns:shield"` for a named sheet).
    public let name: String
    /// Width in pixels.
    public let width: Int
    /// Height in pixels.
    public let height: Int
    /// Image pixels per CSS pixel.
    public let pixelRatio: Double
    /// A signed distance field in the alpha channel, tinted by `icon-color` (and haloed).
    public let sdf: Bool
    /// Where text goes for `icon-text-fit`: left, top, right, bottom in image pixels.
    public let content: (Double, Double, Double, Double)?
    /// Ranges of image pixels that stretch horizontally for `icon-text-fit`.
    public let stretchX: [(Double, Double)]
    /// Ranges of image pixels that stretch vertically for `icon-text-fit`.
    public let stretchY: [(Double, Double)]
    /// Premultiplied ARGB, row by row; never written after `init`.
    public let pixels: UnsafeMutablePointer<UInt32>
    /// The SVG document the image was drawn from, for outputs that keep it as vectors.
    public let svg: SVGDocument?
    /// How `icon-text-fit` may change the image's proportions (the index's `textFitWidth`
    /// and `textFitHeight`: "stretchOrShrink", "stretchOnly", "proportional").
    public var textFitWidth: String?
    /// As `textFitWidth`, for the height.
    public var textFitHeight: String?

    init(info: SpriteImageInfo, pixels: UnsafeMutablePointer<UInt32>, svg: SVGDocument? = nil) {
        name = info.name
        width = info.width
        height = info.height
        pixelRatio = info.pixelRatio
        sdf = info.sdf
        content = info.content
        stretchX = info.stretchX
        stretchY = info.stretchY
        self.pixels = pixels
        self.svg = svg
    }

    deinit { pixels.deallocate() }

    /// Width in CSS pixels.
    public var displayWidth: Double { Double(width) / pixelRatio }
    /// Height in CSS pixels.
    public var displayHeight: Double { Double(height) / pixelRatio }

    /// A Cairo surface over the pixels (not a copy): valid while the image lives. The
    /// caller destroys it.
    func surface() -> OpaquePointer {
        UnsafeMutableRawPointer(pixels).withMemoryRebound(to: UInt8.self, capacity: width * height * 4) { p in
            cairo_image_surface_create_for_data(p, CAIRO_FORMAT_ARGB32, Int32(width), Int32(height), Int32(width * 4))!
        }
    }

    /// The alpha of pixel (x, y), 0...255; 0 outside the image.
    @inline(__always) func alpha(_ x: Int, _ y: Int) -> UInt32 {
        guard x >= 0, y >= 0, x < width, y < height else { return 0 }
        return pixels[y * width + x] >> 24
    }
}

/// A decoded PNG sprite sheet.
struct SpriteSheet {
    let width: Int
    let height: Int
    let pixels: [UInt32]

    /// Decodes a PNG with Cairo (libpng): the pixels come premultiplied, as MapLibre
    /// premultiplies sprite images before drawing them.
    static func decode(path: String) -> SpriteSheet? {
        guard let surface = cairo_image_surface_create_from_png(path) else { return nil }
        defer { cairo_surface_destroy(surface) }
        guard cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS else { return nil }
        // A sheet without alpha (RGB24) is converted by painting it on an ARGB surface.
        let w = Int(cairo_image_surface_get_width(surface)), h = Int(cairo_image_surface_get_height(surface))
        guard w > 0, h > 0 else { return nil }
        let argb = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, Int32(w), Int32(h))!
        defer { cairo_surface_destroy(argb) }
        let cr = cairo_create(argb)!
        cairo_set_operator(cr, CAIRO_OPERATOR_SOURCE)
        cairo_set_source_surface(cr, surface, 0, 0)
        cairo_paint(cr)
        cairo_destroy(cr)
        cairo_surface_flush(argb)
        let stride = Int(cairo_image_surface_get_stride(argb))
        let data = cairo_image_surface_get_data(argb)!
        var pixels = [UInt32](repeating: 0, count: w * h)
        pixels.withUnsafeMutableBytes { out in
            for y in 0..<h {
                (out.baseAddress! + y * w * 4).copyMemory(from: data + y * stride, byteCount: w * 4)
            }
        }
        return SpriteSheet(width: w, height: h, pixels: pixels)
    }

    /// The image at `info`'s rectangle, or nil if the rectangle leaves the sheet.
    func cut(_ info: SpriteImageInfo) -> IconImage? {
        guard info.x + info.width <= width, info.y + info.height <= height else { return nil }
        let p = UnsafeMutablePointer<UInt32>.allocate(capacity: info.width * info.height)
        pixels.withUnsafeBufferPointer { src in
            for row in 0..<info.height {
                (p + row * info.width).update(from: src.baseAddress! + (info.y + row) * width + info.x, count: info.width)
            }
        }
        return IconImage(info: info, pixels: p)
    }
}
