#if canImport(Glibc)
import Glibc
#endif

/// An sRGB colour with straight (not premultiplied) alpha, channels in 0...1.
public struct Color: Sendable, Hashable, CustomStringConvertible {
    /// Red, 0...1.
    public var r: Double
    /// Green, 0...1.
    public var g: Double
    /// Blue, 0...1.
    public var b: Double
    /// Opacity, 0 (transparent) to 1.
    public var a: Double

    /// A colour from channels in 0...1, opaque unless `a` says otherwise.
    public init(r: Double, g: Double, b: Double, a: Double = 1) {
        self.r = r
        self.g = g
        self.b = b
        self.a = a
    }

    /// Opaque black.
    public static let black = Color(r: 0, g: 0, b: 0)
    /// Opaque white.
    public static let white = Color(r: 1, g: 1, b: 1)
    /// No colour: what a paint property that draws nothing is given.
    public static let transparent = Color(r: 0, g: 0, b: 0, a: 0)

    /// The colour with its alpha scaled by `factor`: how an `*-opacity` property applies.
    public func withAlpha(multipliedBy factor: Double) -> Color {
        Color(r: r, g: g, b: b, a: a * factor)
    }

    /// `rgba(r,g,b,a)` with 0–255 channels, as MapLibre's `to-string` writes colours.
    public var description: String {
        func channel(_ v: Double) -> String { formatNumber((v * 255).rounded()) }
        return "rgba(\(channel(r)),\(channel(g)),\(channel(b)),\(formatNumber(a)))"
    }

    // MARK: CSS parsing

    /// Parses any CSS Color Module Level 3/4 syntax MapLibre accepts: names, `#rgb`,
    /// `#rgba`, `#rrggbb`, `#rrggbbaa`, `rgb()`/`rgba()` (numbers or percentages, comma or
    /// space separated, `/ alpha`), `hsl()`/`hsla()`, and `transparent`.
    public init?(css text: String) {
        let s = text.trimmingCharacters().lowercased()
        if s.hasPrefix("#") {
            guard let c = Color(hex: s.dropFirst()) else { return nil }
            self = c
            return
        }
        if let named = cssNamedColors[s] {
            self = Color(r: Double(named >> 16 & 0xFF) / 255, g: Double(named >> 8 & 0xFF) / 255,
                         b: Double(named & 0xFF) / 255)
            return
        }
        if s == "transparent" { self = .transparent; return }
        guard let open = s.firstIndex(of: "("), s.hasSuffix(")") else { return nil }
        let function = String(s[..<open]).trimmingCharacters()
        let inner = s[s.index(after: open)..<s.index(before: s.endIndex)]
        // Split on commas, or on spaces with an optional "/ alpha".
        var parts: [String]
        if inner.contains(",") {
            parts = inner.split(separator: ",", omittingEmptySubsequences: false).map { String($0).trimmingCharacters() }
        } else {
            let slashParts = inner.split(separator: "/", omittingEmptySubsequences: false)
            guard slashParts.count <= 2 else { return nil }
            parts = slashParts[0].split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            if slashParts.count == 2 {
                guard parts.count == 3 else { return nil }
                parts.append(String(slashParts[1]).trimmingCharacters())
            }
        }
        guard parts.allSatisfy({ !$0.isEmpty }) else { return nil }
        switch function {
        case "rgb", "rgba":
            guard parts.count == 3 || parts.count == 4 else { return nil }
            let percent = parts[0].hasSuffix("%")
            // CSS 3: all three channels are numbers or all are percentages.
            guard parts[0..<3].allSatisfy({ $0.hasSuffix("%") == percent }) else { return nil }
            var channels: [Double] = []
            for p in parts[0..<3] {
                guard let v = parseCSSNumber(p, percentScale: 255) else { return nil }
                channels.append(min(max(v, 0), 255) / 255)
            }
            var alpha = 1.0
            if parts.count == 4 {
                guard let v = parseCSSNumber(parts[3], percentScale: 1) else { return nil }
                alpha = min(max(v, 0), 1)
            }
            self = Color(r: channels[0], g: channels[1], b: channels[2], a: alpha)
        case "hsl", "hsla":
            guard parts.count == 3 || parts.count == 4,
                  let hue = Double(parts[0].replacingSuffix("deg")),
                  // MapLibre Native's parser reads a saturation or lightness without `%`
                  // as a fraction ("hsla(0, 0, 0, 0)" is transparent black).
                  let sat = parseCSSNumber(parts[1], percentScale: 100).map({ parts[1].hasSuffix("%") ? $0 : $0 * 100 }),
                  let light = parseCSSNumber(parts[2], percentScale: 100).map({ parts[2].hasSuffix("%") ? $0 : $0 * 100 })
            else { return nil }
            var alpha = 1.0
            if parts.count == 4 {
                guard let v = parseCSSNumber(parts[3], percentScale: 1) else { return nil }
                alpha = min(max(v, 0), 1)
            }
            self = Color(hue: hue, saturation: min(max(sat, 0), 100) / 100, lightness: min(max(light, 0), 100) / 100, alpha: alpha)
        default:
            return nil
        }
    }

    private init?(hex: Substring) {
        var digits: [Double] = []
        for c in hex {
            guard let v = c.hexDigitValue else { return nil }
            digits.append(Double(v))
        }
        switch digits.count {
        case 3, 4:
            let a = digits.count == 4 ? digits[3] * 17 / 255 : 1
            self = Color(r: digits[0] * 17 / 255, g: digits[1] * 17 / 255, b: digits[2] * 17 / 255, a: a)
        case 6, 8:
            func pair(_ i: Int) -> Double { (digits[i] * 16 + digits[i + 1]) / 255 }
            self = Color(r: pair(0), g: pair(2), b: pair(4), a: digits.count == 8 ? pair(6) : 1)
        default:
            return nil
        }
    }

    /// A colour from CSS `hsl()` values: hue in degrees (any, taken modulo 360), saturation and
    /// lightness in 0...1.
    public init(hue: Double, saturation s: Double, lightness l: Double, alpha: Double = 1) {
        var h = hue.truncatingRemainder(dividingBy: 360)
        if h < 0 { h += 360 }
        h /= 360
        let m2 = l <= 0.5 ? l * (s + 1) : l + s - l * s
        let m1 = l * 2 - m2
        func channel(_ t: Double) -> Double {
            var t = t
            if t < 0 { t += 1 }
            if t > 1 { t -= 1 }
            if t * 6 < 1 { return m1 + (m2 - m1) * t * 6 }
            if t * 2 < 1 { return m2 }
            if t * 3 < 2 { return m1 + (m2 - m1) * (2.0 / 3 - t) * 6 }
            return m1
        }
        self = Color(r: channel(h + 1.0 / 3), g: channel(h), b: channel(h - 1.0 / 3), a: alpha)
    }
}

private func parseCSSNumber(_ text: String, percentScale: Double) -> Double? {
    if text.hasSuffix("%") {
        guard let v = Double(text.dropLast()) else { return nil }
        return v / 100 * percentScale
    }
    return Double(text)
}

/// JavaScript-style number text for colour strings and messages.
func formatNumber(_ v: Double) -> String {
    if v == v.rounded(), abs(v) < 1e15 { return String(Int64(v)) }
    return String(v)
}

extension String {
    func trimmingCharacters() -> String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s.removeFirst() }
        while let l = s.last, l.isWhitespace { s.removeLast() }
        return String(s)
    }

    func replacingSuffix(_ suffix: String) -> String {
        hasSuffix(suffix) ? String(dropLast(suffix.count)) : self
    }
}
