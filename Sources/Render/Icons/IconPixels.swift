#if canImport(Glibc)
import Glibc
#endif
import CCairo
import CPNGEncoder
import Style

/// Icon images as vector outputs embed them: PNG bytes (straight alpha), and for SDF icons
/// the field shaded once at the image's own resolution in the icon's colours, since SVG
/// and PDF cannot run MapLibre's shader.
enum IconPixels {
    /// A key that is the same for icons that embed the same picture.
    static func key(_ icon: PlacedIcon) -> String {
        let id = ObjectIdentifier(icon.image).hashValue
        guard let sdf = icon.sdf else { return "\(id)" }
        return "\(id)|\(icon.color)|\(icon.haloColor)|\(sdf.haloEdge)|\(sdf.haloGamma)"
    }

    /// The premultiplied ARGB pixels to embed for `icon` (width × height of its image).
    static func pixels(_ icon: PlacedIcon) -> [UInt32] {
        let image = icon.image
        let n = image.width * image.height
        guard let sdf = icon.sdf else { return Array(UnsafeBufferPointer(start: image.pixels, count: n)) }
        // Edges as the shader sets them at one device pixel per image pixel.
        let scale = 1.0
        let fillGamma = 0.105 / scale, haloGamma = sdf.haloGamma / max(sdf.fillGamma, 1e-9) * 0.105 / scale
        var out = [UInt32](repeating: 0, count: n)
        func smooth(_ d: Double, _ edge: Double, _ gamma: Double) -> Double {
            let t = min(max((d - (edge - gamma)) / (2 * gamma), 0), 1)
            return t * t * (3 - 2 * t)
        }
        for i in 0..<n {
            let d = Double(image.pixels[i] >> 24) / 255
            // Halo under fill, source over.
            let h = icon.haloColor.a > 0 ? smooth(d, sdf.haloEdge, haloGamma) * icon.haloColor.a : 0
            let f = smooth(d, sdf.fillEdge, fillGamma) * icon.color.a
            let a = f + h * (1 - f)
            let r = icon.color.r * f + icon.haloColor.r * h * (1 - f)
            let g = icon.color.g * f + icon.haloColor.g * h * (1 - f)
            let b = icon.color.b * f + icon.haloColor.b * h * (1 - f)
            func byte(_ v: Double) -> UInt32 { UInt32((min(max(v, 0), 1) * 255).rounded()) }
            out[i] = byte(a) << 24 | byte(r) << 16 | byte(g) << 8 | byte(b)
        }
        return out
    }

    /// PNG bytes of premultiplied ARGB pixels.
    static func png(_ pixels: [UInt32], width: Int, height: Int) -> [UInt8] {
        var buffer = cartouche_png_buffer()
        var error = [CChar](repeating: 0, count: 256)
        let status = pixels.withUnsafeBytes { p in
            cartouche_png_encode_argb32(p.baseAddress!.assumingMemoryBound(to: UInt8.self), Int32(width), Int32(height),
                                        Int32(width * 4), 6, 0, 1, &buffer, &error, 256)
        }
        defer { free(buffer.data) }
        guard status == 0, let data = buffer.data else { return [] }
        return Array(UnsafeBufferPointer(start: data, count: buffer.size))
    }

    static func base64(_ bytes: [UInt8]) -> String {
        let table = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        var out = [UInt8]()
        out.reserveCapacity((bytes.count + 2) / 3 * 4)
        var i = 0
        while i < bytes.count {
            let b0 = UInt32(bytes[i]), b1 = i + 1 < bytes.count ? UInt32(bytes[i + 1]) : 0
            let b2 = i + 2 < bytes.count ? UInt32(bytes[i + 2]) : 0
            let v = b0 << 16 | b1 << 8 | b2
            out.append(table[Int(v >> 18 & 63)])
            out.append(table[Int(v >> 12 & 63)])
            out.append(i + 1 < bytes.count ? table[Int(v >> 6 & 63)] : UInt8(ascii: "="))
            out.append(i + 2 < bytes.count ? table[Int(v & 63)] : UInt8(ascii: "="))
            i += 3
        }
        return String(decoding: out, as: UTF8.self)
    }
}
