#if canImport(Glibc)
import Glibc
#endif
import Geometry

/// A `raster` layer's paint, applied per pixel as MapLibre's raster shader does: the
/// sampled colour unpremultiplied, its hue turned (`raster-hue-rotate`), saturation and
/// contrast scaled, brightness mapped into [min, max], and premultiplied again with the
/// pixel's alpha times `raster-opacity`.
public struct RasterPaint: Sendable, Equatable {
    /// `raster-opacity`, 0 to 1.
    public var opacity: Double
    /// `raster-hue-rotate`, in degrees.
    public var hueRotate: Double
    /// `raster-brightness-min`: the brightness black is mapped to.
    public var brightnessMin: Double
    /// `raster-brightness-max`: the brightness white is mapped to.
    public var brightnessMax: Double
    /// `raster-saturation`, −1 (grey) to 1.
    public var saturation: Double
    /// `raster-contrast`, −1 to 1.
    public var contrast: Double
    /// `raster-resampling`: how source pixels are sampled when drawn larger or smaller.
    public var resampling: Resampling

    /// A paint with the style specification's defaults for what is not given.
    public init(opacity: Double = 1, hueRotate: Double = 0, brightnessMin: Double = 0, brightnessMax: Double = 1,
                saturation: Double = 0, contrast: Double = 0, resampling: Resampling = .linear) {
        self.opacity = opacity
        self.hueRotate = hueRotate
        self.brightnessMin = brightnessMin
        self.brightnessMax = brightnessMax
        self.saturation = saturation
        self.contrast = contrast
        self.resampling = resampling
    }

    /// Whether the paint leaves colours as they are (only opacity to apply).
    public var isIdentityColour: Bool {
        hueRotate.truncatingRemainder(dividingBy: 360) == 0 && brightnessMin == 0 && brightnessMax == 1 && saturation == 0 && contrast == 0
    }

    /// The uniforms MapLibre's raster layer derives from the paint.
    var spinWeights: (Float, Float, Float) {
        let angle = hueRotate * .pi / 180
        let s = sin(angle), c = cos(angle)
        return (Float((2 * c + 1) / 3), Float((-3.0.squareRoot() * s - c + 1) / 3), Float((3.0.squareRoot() * s - c + 1) / 3))
    }
    var saturationFactor: Float { Float(saturation > 0 ? 1 - 1 / (1.001 - saturation) : -saturation) }
    var contrastFactor: Float { Float(contrast > 0 ? 1 / (1 - contrast) : 1 + contrast) }

    /// Applies the paint to every pixel of `image` in place.
    public func apply(to image: inout RasterImage) {
        if isIdentityColour && opacity >= 1 { return }
        let (w0, w1, w2) = spinWeights
        let sat = saturationFactor, con = contrastFactor
        let low = Float(brightnessMin), high = Float(brightnessMax), opacity = Float(self.opacity)
        let identity = isIdentityColour
        image.pixels.withUnsafeMutableBufferPointer { pixels in
            let p = UnsafeSendable(pixels)
            let count = pixels.count
            let chunk = 1 << 16
            Parallel.forEach((count + chunk - 1) / chunk) { c in
                for i in (c * chunk)..<min(count, c * chunk + chunk) {
                    let v = p.value[i]
                    let a8 = v >> 24
                    if a8 == 0 { continue }
                    var a = Float(a8) / 255
                    var r = Float((v >> 16) & 255) / 255 / a, g = Float((v >> 8) & 255) / 255 / a, b = Float(v & 255) / 255 / a
                    a *= opacity
                    if !identity {
                        // Spin.
                        let sr = r * w0 + g * w1 + b * w2, sg = r * w2 + g * w0 + b * w1, sb = r * w1 + g * w2 + b * w0
                        // Saturation: towards the mean of the unspun colour, as the shader has it.
                        let average = (r + g + b) / 3
                        r = sr + (average - sr) * sat
                        g = sg + (average - sg) * sat
                        b = sb + (average - sb) * sat
                        // Contrast, then brightness.
                        r = (r - 0.5) * con + 0.5
                        g = (g - 0.5) * con + 0.5
                        b = (b - 0.5) * con + 0.5
                        r = low + (high - low) * r
                        g = low + (high - low) * g
                        b = low + (high - low) * b
                    }
                    @inline(__always) func byte(_ x: Float) -> UInt32 { UInt32(min(max(x * 255 + 0.5, 0), 255)) }
                    let ab = byte(a)
                    p.value[i] = ab << 24 | min(byte(r * a), ab) << 16 | min(byte(g * a), ab) << 8 | min(byte(b * a), ab)
                }
            }
        }
    }
}
