import CCairo
import Foundation


/// A PNG's pixels as Cairo reads them (premultiplied ARGB, one UInt32 each).
public struct PNGPixels: Sendable {
    public var width: Int
    public var height: Int
    public var pixels: [UInt32]

    public init(_ bytes: [UInt8]) throws {
        let path = try ScratchDirectory.make("png") + "/image.png"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let surface = cairo_image_surface_create_from_png(path)!
        defer { cairo_surface_destroy(surface) }
        guard cairo_surface_status(surface) == CAIRO_STATUS_SUCCESS else { throw CocoaError(.fileReadCorruptFile) }
        let converted = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, cairo_image_surface_get_width(surface), cairo_image_surface_get_height(surface))!
        defer { cairo_surface_destroy(converted) }
        let cr = cairo_create(converted)!
        cairo_set_source_surface(cr, surface, 0, 0)
        cairo_paint(cr)
        cairo_destroy(cr)
        cairo_surface_flush(converted)
        width = Int(cairo_image_surface_get_width(converted))
        height = Int(cairo_image_surface_get_height(converted))
        let stride = Int(cairo_image_surface_get_stride(converted))
        let data = cairo_image_surface_get_data(converted)!
        pixels = []
        pixels.reserveCapacity(width * height)
        for y in 0..<height {
            let row = UnsafeRawPointer(data + y * stride).assumingMemoryBound(to: UInt32.self)
            for x in 0..<width { pixels.append(row[x]) }
        }
    }

    public func rgb(_ x: Int, _ y: Int) -> (r: Int, g: Int, b: Int, a: Int) {
        let p = pixels[y * width + x]
        return (Int(p >> 16 & 0xFF), Int(p >> 8 & 0xFF), Int(p & 0xFF), Int(p >> 24))
    }

    /// Pixels in a rectangle for which `test` holds.
    public func count(in xs: Range<Int>? = nil, _ ys: Range<Int>? = nil, where test: (Int, Int, Int, Int) -> Bool) -> Int {
        var n = 0
        for y in ys ?? 0..<height { for x in xs ?? 0..<width { let c = rgb(x, y); if test(c.r, c.g, c.b, c.a) { n += 1 } } }
        return n
    }

    /// How many different colours the image has (a blank tile has one).
    public var distinctColours: Int { Set(pixels).count }
}
