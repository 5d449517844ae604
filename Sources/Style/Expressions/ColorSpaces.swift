#if canImport(Glibc)
import Glibc
#endif

/// Colour blending for `interpolate`: in RGB MapLibre blends premultiplied channels; HCL
/// and CIELAB blend in those spaces (D65 white, as d3-color and MapLibre do).
func interpolateColor(_ a: Color, _ b: Color, _ t: Double, _ space: ColorSpace) -> Color {
    func mix(_ x: Double, _ y: Double) -> Double { x + (y - x) * t }
    switch space {
    case .rgb:
        let alpha = mix(a.a, b.a)
        let r = mix(a.r * a.a, b.r * b.a), g = mix(a.g * a.a, b.g * b.a), bl = mix(a.b * a.a, b.b * b.a)
        return alpha == 0 ? Color(r: 0, g: 0, b: 0, a: 0) : Color(r: r / alpha, g: g / alpha, b: bl / alpha, a: alpha)
    case .lab:
        let x = Lab(a), y = Lab(b)
        return Lab(l: mix(x.l, y.l), a: mix(x.a, y.a), b: mix(x.b, y.b), alpha: mix(a.a, b.a)).color
    case .hcl:
        let x = Lab(a).hcl, y = Lab(b).hcl
        var h0 = x.h, h1 = y.h
        // Hue is undefined for greys: take the other colour's hue.
        if h0.isNaN { h0 = h1 }
        if h1.isNaN { h1 = h0 }
        var dh = h1 - h0
        if !dh.isNaN {
            if dh > 180 { dh -= 360 } else if dh < -180 { dh += 360 }
        }
        let hue = h0.isNaN ? Double.nan : h0 + t * (dh.isNaN ? 0 : dh)
        return Lab(hue: hue, chroma: mix(x.c, y.c), luminance: mix(x.l, y.l), alpha: mix(a.a, b.a)).color
    }
}

struct Lab {
    var l, a, b, alpha: Double

    static let xn = 0.96422, yn = 1.0, zn = 0.82521
    static let t0 = 4.0 / 29, t1 = 6.0 / 29, t2 = 3 * t1 * t1, t3 = t1 * t1 * t1

    init(l: Double, a: Double, b: Double, alpha: Double) {
        self.l = l
        self.a = a
        self.b = b
        self.alpha = alpha
    }

    init(_ c: Color) {
        func rgb2xyz(_ x: Double) -> Double { x <= 0.04045 ? x / 12.92 : pow((x + 0.055) / 1.055, 2.4) }
        func xyz2lab(_ t: Double) -> Double { t > Lab.t3 ? pow(t, 1.0 / 3) : t / Lab.t2 + Lab.t0 }
        let r = rgb2xyz(c.r), g = rgb2xyz(c.g), bl = rgb2xyz(c.b)
        let y = xyz2lab((0.2225045 * r + 0.7168786 * g + 0.0606169 * bl) / Lab.yn)
        let x: Double, z: Double
        if r == g && g == bl {
            x = y
            z = y
        } else {
            x = xyz2lab((0.4360747 * r + 0.3850649 * g + 0.1430804 * bl) / Lab.xn)
            z = xyz2lab((0.0139322 * r + 0.0971045 * g + 0.7141733 * bl) / Lab.zn)
        }
        self.init(l: 116 * y - 16, a: 500 * (x - y), b: 200 * (y - z), alpha: c.a)
    }

    init(hue h: Double, chroma c: Double, luminance l: Double, alpha: Double) {
        let hr = (h.isNaN ? 0 : h) * .pi / 180
        self.init(l: l, a: cos(hr) * c, b: sin(hr) * c, alpha: alpha)
    }

    var hcl: (h: Double, c: Double, l: Double) {
        let h = atan2(b, a) * 180 / .pi
        let c = (a * a + b * b).squareRoot()
        return (c == 0 ? .nan : (h < 0 ? h + 360 : h), c, l)
    }

    var color: Color {
        func lab2xyz(_ t: Double) -> Double { t > Lab.t1 ? t * t * t : Lab.t2 * (t - Lab.t0) }
        func xyz2rgb(_ x: Double) -> Double { x <= 0.0031308 ? 12.92 * x : 1.055 * pow(x, 1 / 2.4) - 0.055 }
        var y = (l + 16) / 116
        var x = a.isNaN ? y : y + a / 500
        var z = b.isNaN ? y : y - b / 200
        y = Lab.yn * lab2xyz(y)
        x = Lab.xn * lab2xyz(x)
        z = Lab.zn * lab2xyz(z)
        let r = xyz2rgb(3.1338561 * x - 1.6168667 * y - 0.4906146 * z)
        let g = xyz2rgb(-0.9787684 * x + 1.9161415 * y + 0.0334540 * z)
        let bl = xyz2rgb(0.0719453 * x - 0.2289914 * y + 1.4052427 * z)
        func clamp(_ v: Double) -> Double { min(max(v, 0), 1) }
        return Color(r: clamp(r), g: clamp(g), b: clamp(bl), a: alpha)
    }
}
