/// An image in Cairo's ARGB32 layout: premultiplied alpha, one native-endian 32-bit word
/// per pixel (`a << 24 | r << 16 | g << 8 | b`), rows top to bottom with no padding. Tiles
/// are decoded into it, rasters are warped into it, and the backends draw and encode it
/// without converting.
public struct RasterImage: Sendable {
    /// Width in pixels.
    public let width: Int
    /// Height in pixels.
    public let height: Int
    /// The pixels, `width` × `height` words, row by row from the top.
    public var pixels: [UInt32]

    /// An image of the given size, transparent unless `pixels` are given.
    public init(width: Int, height: Int, pixels: [UInt32]? = nil) {
        self.width = width
        self.height = height
        self.pixels = pixels ?? [UInt32](repeating: 0, count: width * height)
    }

    /// One pixel from components already premultiplied.
    @inline(__always)
    public static func pack(r: UInt8, g: UInt8, b: UInt8, a: UInt8) -> UInt32 {
        UInt32(a) << 24 | UInt32(r) << 16 | UInt32(g) << 8 | UInt32(b)
    }

    /// Premultiplies straight 8-bit values (as OpenGL's premultiplied upload does: rounded).
    @inline(__always)
    public static func premultiplied(r: UInt8, g: UInt8, b: UInt8, a: UInt8) -> UInt32 {
        if a == 255 { return pack(r: r, g: g, b: b, a: a) }
        @inline(__always) func m(_ c: UInt8) -> UInt8 { UInt8((UInt32(c) * UInt32(a) + 127) / 255) }
        return pack(r: m(r), g: m(g), b: m(b), a: a)
    }

    /// Whether every pixel is opaque (PDF and SVG then need no soft mask).
    public var isOpaque: Bool { pixels.allSatisfy { $0 >> 24 == 255 } }

    /// Whether nothing is painted.
    public var isEmpty: Bool { pixels.allSatisfy { $0 >> 24 == 0 } }
}
