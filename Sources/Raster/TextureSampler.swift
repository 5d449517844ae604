/// Samples an image the way a GPU samples a texture with clamp-to-edge: texel centres at
/// half-integers, bilinear (`linear`) or the texel under the point (`nearest`), in
/// premultiplied values. Tiles are sampled one at a time, as MapLibre draws each tile with
/// its own texture, so seams match its drawing.
public enum Resampling: String, Sendable {
    /// `linear` blends the four nearest source pixels (MapLibre's default); `nearest` takes the
    /// one under the pixel's centre, keeping hard edges.
    case linear, nearest
}

@inline(__always)
func sample(_ p: UnsafeBufferPointer<UInt32>, width: Int, height: Int, u: Double, v: Double, _ mode: Resampling) -> UInt32 {
    if mode == .nearest {
        let i = min(max(Int(u.rounded(.down)), 0), width - 1), j = min(max(Int(v.rounded(.down)), 0), height - 1)
        return p[j * width + i]
    }
    let x = u - 0.5, y = v - 0.5
    let fx0 = x.rounded(.down), fy0 = y.rounded(.down)
    let fx = Float(x - fx0), fy = Float(y - fy0)
    let i0 = min(max(Int(fx0), 0), width - 1), i1 = min(max(Int(fx0) + 1, 0), width - 1)
    let j0 = min(max(Int(fy0), 0), height - 1), j1 = min(max(Int(fy0) + 1, 0), height - 1)
    let p00 = p[j0 * width + i0], p10 = p[j0 * width + i1], p01 = p[j1 * width + i0], p11 = p[j1 * width + i1]
    if p00 == p10 && p00 == p01 && p00 == p11 { return p00 }
    // Weights in 1/256ths, as GPUs filter 8-bit textures; the four channels in the 16-bit
    // lanes of one word, so a pixel is a handful of multiplies.
    let wx = UInt64((fx * 256).rounded()), wy = UInt64((fy * 256).rounded())
    @inline(__always) func spread(_ p: UInt32) -> UInt64 {
        let v = UInt64(p)
        return (v & 0xFF) | (v & 0xFF00) << 8 | (v & 0xFF_0000) << 16 | (v & 0xFF00_0000) << 24
    }
    let lanes: UInt64 = 0x00FF_00FF_00FF_00FF
    let top = spread(p00) &* (256 - wx) &+ spread(p10) &* wx
    let bottom = spread(p01) &* (256 - wx) &+ spread(p11) &* wx
    // Each lane holds up to 255·256 after a row; keep 8 bits (rounded) before the column.
    let t = ((top &+ 0x0080_0080_0080_0080) >> 8) & lanes, b = ((bottom &+ 0x0080_0080_0080_0080) >> 8) & lanes
    let v = (((t &* (256 - wy)) &+ (b &* wy) &+ 0x0080_0080_0080_0080) >> 8) & lanes
    return UInt32(v & 0xFF) | UInt32((v >> 16) & 0xFF) << 8 | UInt32((v >> 32) & 0xFF) << 16 | UInt32((v >> 48) & 0xFF) << 24
}
