/// Samples an image the way a GPU samples a texture with clamp-to-edge: texel centres at
/// half-integers, bilinear (`linear`) or the texel under the point (`nearest`), in
/// premultiplied values. Tiles are sampled one at a time, as MapLibre draws each tile with
/// its own texture, so seams match its drawing.
public enum Resampling: String, Sendable { case linear, nearest }

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
    let w00 = (1 - fx) * (1 - fy), w10 = fx * (1 - fy), w01 = (1 - fx) * fy, w11 = fx * fy
    var out: UInt32 = 0
    for shift in stride(from: 0 as UInt32, through: 24, by: 8) {
        let c = Float((p00 >> shift) & 255) * w00 + Float((p10 >> shift) & 255) * w10
            + Float((p01 >> shift) & 255) * w01 + Float((p11 >> shift) & 255) * w11
        out |= UInt32(min(255, c + 0.5)) << shift
    }
    return out
}
