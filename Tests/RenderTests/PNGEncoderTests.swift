#if canImport(Glibc)
import Glibc
#endif
import CCairo
import Geometry
import Testing
@testable import Render
import TestSupport

/// The PNG writer: files that libpng (through Cairo) reads back to the same pixels, the
/// same bytes every time.
@Suite("PNG encoder")
struct PNGEncoderTests {
    /// A premultiplied ARGB32 image with gradients, noise and, unless `opaque`, every
    /// alpha level. At 1000 × 1100 pixels or more the rows (4 MB and up) are deflated in
    /// pieces.
    func image(width: Int, height: Int, opaque: Bool) -> OpaquePointer {
        let surface = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, Int32(width), Int32(height))!
        let stride = Int(cairo_image_surface_get_stride(surface)) / 4
        let pixels = UnsafeMutableRawPointer(cairo_image_surface_get_data(surface)!).assumingMemoryBound(to: UInt32.self)
        var state: UInt32 = 7
        for y in 0..<height {
            for x in 0..<width {
                state = state &* 1_664_525 &+ 1_013_904_223
                let a = opaque ? 255 : UInt32((x + y) % 256)
                let r = UInt32(x % 256) * a / 255, g = UInt32(y % 256) * a / 255, b = (state >> 24) * a / 255
                pixels[y * stride + x] = a << 24 | r << 16 | g << 8 | b
            }
        }
        cairo_surface_mark_dirty(surface)
        return surface
    }

    func roundTrip(_ surface: OpaquePointer) throws -> (bytes: [UInt8], maxDifference: Int) {
        let bytes = try CairoBackend.encodePNG(surface, dpi: 192, compressionLevel: 3)
        let path = "/tmp/cartouche-png-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).png"
        let file = fopen(path, "wb")!
        _ = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, file) }
        fclose(file)
        defer { unlink(path) }
        let decoded = try ImageComparison.loadPNG(path)
        defer { cairo_surface_destroy(decoded) }
        let w = Int(cairo_image_surface_get_width(surface)), h = Int(cairo_image_surface_get_height(surface))
        #expect(Int(cairo_image_surface_get_width(decoded)) == w && Int(cairo_image_surface_get_height(decoded)) == h)
        let a = cairo_image_surface_get_data(surface)!, b = cairo_image_surface_get_data(decoded)!
        let sa = Int(cairo_image_surface_get_stride(surface)), sb = Int(cairo_image_surface_get_stride(decoded))
        var worst = 0
        for y in 0..<h {
            for x in 0..<(4 * w) { worst = max(worst, abs(Int(a[y * sa + x]) - Int(b[y * sb + x]))) }
        }
        return (bytes, worst)
    }

    @Test func opaqueImagesComeBackExactlyAsRGB() throws {
        let surface = image(width: 1200, height: 1200, opaque: true)
        defer { cairo_surface_destroy(surface) }
        let (bytes, difference) = try roundTrip(surface)
        #expect(difference == 0)
        #expect(bytes[25] == 2, "colour type RGB")
    }

    @Test func translucentImagesKeepTheirAlpha() throws {
        let surface = image(width: 1000, height: 1100, opaque: false)
        defer { cairo_surface_destroy(surface) }
        let (bytes, difference) = try roundTrip(surface)
        // Straight alpha in the file, premultiplied again on reading: rounding only.
        #expect(difference <= 1)
        #expect(bytes[25] == 6, "colour type RGBA")
    }

    /// A large image is deflated in four pieces on the threads there are; the pieces, and so
    /// the bytes, are the same on one thread (as in a batch, one map per core).
    @Test func largeImagesGiveTheSameBytesOnOneThreadAsOnAll() throws {
        let surface = image(width: 1200, height: 1200, opaque: true)
        defer { cairo_surface_destroy(surface) }
        let parallel = try CairoBackend.encodePNG(surface, dpi: 0, compressionLevel: 3)
        let sequential = try Parallel.sequentially { try CairoBackend.encodePNG(surface, dpi: 0, compressionLevel: 3) }
        #expect(parallel == sequential)
    }

    @Test func sameImageSameBytesAndItsResolution() throws {
        let surface = image(width: 500, height: 800, opaque: false)
        defer { cairo_surface_destroy(surface) }
        let first = try CairoBackend.encodePNG(surface, dpi: 192, compressionLevel: 3)
        let second = try CairoBackend.encodePNG(surface, dpi: 192, compressionLevel: 3)
        #expect(first == second)
        // pHYs: 192 dpi is 7559 pixels per metre on both axes.
        let phys = Array("pHYs".utf8)
        let at = (0..<(first.count - 4)).first { Array(first[$0..<($0 + 4)]) == phys }
        #expect(at != nil)
        if let at {
            let perMetre = first[(at + 4)..<(at + 8)].reduce(0) { $0 << 8 | Int($1) }
            #expect(perMetre == 7559 && first[at + 12] == 1)
        }
    }
}
