import CCairo

/// An image test's failure to read or compare its PNG files.
public struct ImageComparisonError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}

/// Compares two PNG images pixel by pixel, for the image tests. A pixel differs when its colour distance (the largest
/// channel difference, 0–255, after compositing over white) exceeds `threshold`; images
/// match when the fraction of differing pixels is at most `tolerance`.
public struct ImageComparison: Sendable {
    /// Width of the images compared.
    public let width: Int
    /// Height of the images compared.
    public let height: Int
    /// Pixels whose colour distance exceeds the threshold.
    public let differingPixels: Int
    /// The largest colour distance found, 0–255.
    public let maxDifference: Int

    /// The share of differing pixels, compared with the tolerance.
    public var differingFraction: Double { Double(differingPixels) / Double(max(1, width * height)) }

    /// Compares `actual` with `expected` (PNG files); writes a diff image to `diffPath` when
    /// given: differing pixels red over a faded copy of the expected image.
    public static func compare(actual: String, expected: String, threshold: Int = 16, diffPath: String? = nil) throws -> ImageComparison {
        let a = try loadPNG(actual), e = try loadPNG(expected)
        defer {
            cairo_surface_destroy(a)
            cairo_surface_destroy(e)
        }
        let w = Int(cairo_image_surface_get_width(e)), h = Int(cairo_image_surface_get_height(e))
        guard Int(cairo_image_surface_get_width(a)) == w, Int(cairo_image_surface_get_height(a)) == h else {
            throw ImageComparisonError("\(actual) is \(cairo_image_surface_get_width(a))x\(cairo_image_surface_get_height(a)), expected \(w)x\(h) like \(expected)")
        }
        let diff = diffPath == nil ? nil : cairo_image_surface_create(CAIRO_FORMAT_ARGB32, Int32(w), Int32(h))
        defer { if let diff { cairo_surface_destroy(diff) } }
        let sa = Int(cairo_image_surface_get_stride(a)), se = Int(cairo_image_surface_get_stride(e))
        let pa = cairo_image_surface_get_data(a)!, pe = cairo_image_surface_get_data(e)!
        let pd = diff.map { cairo_image_surface_get_data($0)! }
        let sd = diff.map { Int(cairo_image_surface_get_stride($0)) } ?? 0
        var differing = 0
        var maxDifference = 0
        for y in 0..<h {
            let ra = UnsafeRawPointer(pa + y * sa).assumingMemoryBound(to: UInt32.self)
            let re = UnsafeRawPointer(pe + y * se).assumingMemoryBound(to: UInt32.self)
            for x in 0..<w {
                let d = distance(overWhite(ra[x]), overWhite(re[x]))
                maxDifference = max(maxDifference, d)
                let differs = d > threshold
                if differs { differing += 1 }
                if let pd {
                    let row = UnsafeMutableRawPointer(pd + y * sd).assumingMemoryBound(to: UInt32.self)
                    if differs {
                        row[x] = 0xFFFF_0000
                    } else {
                        let (r, g, b) = overWhite(re[x])
                        let grey = UInt32((r + g + b) / 3 / 4 + 191)  // faded
                        row[x] = 0xFF00_0000 | grey << 16 | grey << 8 | grey
                    }
                }
            }
        }
        if let diff, let diffPath {
            cairo_surface_mark_dirty(diff)
            // Cairo's own PNG writer: the diff image is for a person to look at.
            guard cairo_surface_write_to_png(diff, diffPath) == CAIRO_STATUS_SUCCESS else {
                throw ImageComparisonError("\(diffPath): cannot write the diff image")
            }
        }
        return ImageComparison(width: w, height: h, differingPixels: differing, maxDifference: maxDifference)
    }

    /// A PNG file as a Cairo ARGB32 or RGB24 image surface; the caller destroys it.
    public static func loadPNG(_ path: String) throws -> OpaquePointer {
        let s = cairo_image_surface_create_from_png(path)!
        guard cairo_surface_status(s) == CAIRO_STATUS_SUCCESS else {
            cairo_surface_destroy(s)
            throw ImageComparisonError("\(path): cannot read PNG")
        }
        if cairo_image_surface_get_format(s) == CAIRO_FORMAT_ARGB32 || cairo_image_surface_get_format(s) == CAIRO_FORMAT_RGB24 {
            return s
        }
        // Other formats (A8 and the like) are converted.
        let w = cairo_image_surface_get_width(s), h = cairo_image_surface_get_height(s)
        let converted = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, w, h)!
        let cr = cairo_create(converted)!
        cairo_set_source_surface(cr, s, 0, 0)
        cairo_paint(cr)
        cairo_destroy(cr)
        cairo_surface_destroy(s)
        return converted
    }

    /// A premultiplied ARGB32 pixel composited over white, as 0–255 channels.
    @inline(__always)
    static func overWhite(_ p: UInt32) -> (Int, Int, Int) {
        let a = Int(p >> 24), r = Int(p >> 16 & 0xFF), g = Int(p >> 8 & 0xFF), b = Int(p & 0xFF)
        return (r + 255 - a, g + 255 - a, b + 255 - a)
    }

    @inline(__always)
    static func distance(_ a: (Int, Int, Int), _ b: (Int, Int, Int)) -> Int {
        max(abs(a.0 - b.0), abs(a.1 - b.1), abs(a.2 - b.2))
    }
}

#if canImport(Glibc)
import Glibc
#endif
