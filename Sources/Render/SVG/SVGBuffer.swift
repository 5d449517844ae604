/// The bytes of an SVG document as it is written, with the number and text formatting an
/// SVG needs: coordinates to 1/100 pixel with no trailing zeros, XML-escaped text.
struct SVGBuffer {
    private(set) var bytes: [UInt8] = []

    init(reserving capacity: Int = 1 << 16) { bytes.reserveCapacity(capacity) }

    mutating func append(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    mutating func append(_ text: String) {
        bytes.append(contentsOf: text.utf8)
    }

    /// A number with at most two decimals: 12, 12.5, -0.25.
    mutating func number(_ value: Double) {
        guard value.isFinite else { bytes.append(UInt8(ascii: "0")); return }
        // Clamped as PDFBuffer clamps: beyond ±1e12 no coordinate means anything, and Int64 would trap.
        var hundredths = Int64((min(max(value, -1e12), 1e12) * 100).rounded())
        if hundredths < 0 {
            bytes.append(UInt8(ascii: "-"))
            hundredths = -hundredths
        }
        integer(hundredths / 100)
        let fraction = Int(hundredths % 100)
        if fraction != 0 {
            bytes.append(UInt8(ascii: "."))
            bytes.append(UInt8(ascii: "0") + UInt8(fraction / 10))
            if fraction % 10 != 0 { bytes.append(UInt8(ascii: "0") + UInt8(fraction % 10)) }
        }
    }

    private mutating func integer(_ value: Int64) {
        if value >= 10 { integer(value / 10) }
        bytes.append(UInt8(ascii: "0") + UInt8(value % 10))
    }

    /// `name="value"` with a leading space.
    mutating func attribute(_ name: StaticString, _ value: Double) {
        append(" ")
        append(name)
        append("=\"")
        number(value)
        append("\"")
    }

    mutating func attribute(_ name: StaticString, _ value: String) {
        append(" ")
        append(name)
        append("=\"")
        escaped(value)
        append("\"")
    }

    /// Text with &, <, > and " escaped.
    mutating func escaped(_ text: String) {
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "&"): append("&amp;")
            case UInt8(ascii: "<"): append("&lt;")
            case UInt8(ascii: ">"): append("&gt;")
            case UInt8(ascii: "\""): append("&quot;")
            default: bytes.append(byte)
            }
        }
    }

    /// `#rrggbb` for the colour's channels (its alpha is written separately).
    mutating func colour(_ c: Color) {
        let digits: [UInt8] = Array("0123456789abcdef".utf8)
        bytes.append(UInt8(ascii: "#"))
        for v in [c.r, c.g, c.b] {
            let b = Int((min(max(v, 0), 1) * 255).rounded())
            bytes.append(digits[b >> 4])
            bytes.append(digits[b & 15])
        }
    }

    /// ` fill="#rrggbb"` plus ` fill-opacity` when not opaque (`kind` is fill or stroke).
    mutating func paint(_ kind: StaticString, _ c: Color) {
        append(" ")
        append(kind)
        append("=\"")
        colour(c)
        append("\"")
        if c.a < 1 {
            append(" ")
            append(kind)
            append("-opacity=\"")
            bytes.append(contentsOf: String(Double(Int((c.a * 1000).rounded())) / 1000).utf8)
            append("\"")
        }
    }
}

import Style
