/// The bytes of PDF syntax as they are written, with the formatting PDF needs: reals with
/// a fixed number of decimals and no exponent, names, and text strings. A content stream
/// holds hundreds of thousands of coordinates, so numbers are formatted straight into the
/// byte array, without `String`.
struct PDFBuffer {
    private(set) var bytes: [UInt8] = []

    init(reserving capacity: Int = 1 << 12) { bytes.reserveCapacity(capacity) }

    var count: Int { bytes.count }

    mutating func append(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    mutating func append(_ text: String) {
        bytes.append(contentsOf: text.utf8)
    }

    mutating func append(bytes more: [UInt8]) {
        bytes.append(contentsOf: more)
    }

    mutating func byte(_ b: UInt8) {
        bytes.append(b)
    }

    private static let powersOfTen: [Double] = [1, 10, 100, 1000, 10_000, 100_000, 1_000_000]
    private static let powersOfTenInteger: [Int64] = [1, 10, 100, 1000, 10_000, 100_000, 1_000_000]

    /// A real rounded to `decimals` (at most 6) places, without trailing zeros or exponent:
    /// 12, 12.5, -0.25. Values beyond ±1e12 (never a sensible page coordinate) are clamped.
    mutating func number(_ value: Double, decimals: Int) {
        let scaled = (value * Self.powersOfTen[decimals]).rounded()
        var n = scaled.isFinite ? Int64(max(-1e15, min(1e15, scaled))) : 0
        if n == 0 {
            bytes.append(UInt8(ascii: "0"))
            return
        }
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 24) { digits in
            var i = 24
            let negative = n < 0
            if negative { n = -n }
            var fraction = decimals
            // Trailing zeros of the fraction are dropped, and so is the point when nothing follows it.
            while fraction > 0 && n % 10 == 0 {
                n /= 10
                fraction -= 1
            }
            while fraction > 0 {
                i -= 1
                digits[i] = UInt8(ascii: "0") + UInt8(n % 10)
                n /= 10
                fraction -= 1
                if fraction == 0 {
                    i -= 1
                    digits[i] = UInt8(ascii: ".")
                }
            }
            repeat {
                i -= 1
                digits[i] = UInt8(ascii: "0") + UInt8(n % 10)
                n /= 10
            } while n > 0
            if negative {
                i -= 1
                digits[i] = UInt8(ascii: "-")
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: digits[i..<24]))
        }
    }

    /// A device-pixel coordinate: hundredths of a pixel, as in the SVG output.
    mutating func coordinate(_ value: Double) { number(value, decimals: 2) }

    /// A colour channel, alpha or other value between 0 and 1.
    mutating func fraction(_ value: Double) { number(value, decimals: 4) }

    mutating func integer(_ value: Int) { number(Double(value), decimals: 0) }

    /// `x y op` and a newline, for path construction: the bulk of a map's content, so
    /// both coordinates are formatted into one scratch buffer and appended at once.
    mutating func point(_ x: Double, _ y: Double, _ op: StaticString) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 64) { scratch in
            var i = Self.hundredths(x, into: scratch, at: 0)
            i = Self.hundredths(y, into: scratch, at: Self.space(scratch, i))
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: scratch[..<Self.end(op, scratch, i)]))
        }
    }

    /// `x1 y1 x2 y2 x3 y3 c` and a newline: a Bézier segment (circles, round ends), written
    /// as `point` writes a line segment.
    mutating func curve(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, _ x3: Double, _ y3: Double) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 160) { scratch in
            var i = Self.hundredths(x1, into: scratch, at: 0)
            i = Self.hundredths(y1, into: scratch, at: Self.space(scratch, i))
            i = Self.hundredths(x2, into: scratch, at: Self.space(scratch, i))
            i = Self.hundredths(y2, into: scratch, at: Self.space(scratch, i))
            i = Self.hundredths(x3, into: scratch, at: Self.space(scratch, i))
            i = Self.hundredths(y3, into: scratch, at: Self.space(scratch, i))
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: scratch[..<Self.end("c", scratch, i)]))
        }
    }

    /// Writes a space at `i`; returns the position after it.
    private static func space(_ out: UnsafeMutableBufferPointer<UInt8>, _ i: Int) -> Int {
        out[i] = UInt8(ascii: " ")
        return i + 1
    }

    /// Writes ` op` and a newline at `i`; returns the end.
    private static func end(_ op: StaticString, _ out: UnsafeMutableBufferPointer<UInt8>, _ i: Int) -> Int {
        var i = space(out, i)
        op.withUTF8Buffer { for b in $0 { out[i] = b; i += 1 } }
        out[i] = UInt8(ascii: "\n")
        return i + 1
    }

    /// Writes a value to two decimals (as `coordinate` does) at `start`; returns the end.
    /// Digits come from division by the constant 10, which compiles to a multiplication.
    private static func hundredths(_ value: Double, into out: UnsafeMutableBufferPointer<UInt8>, at start: Int) -> Int {
        let scaled = (value * 100).rounded()
        guard scaled.isFinite, abs(scaled) < 1e15 else {
            out[start] = UInt8(ascii: "0")
            return start + 1
        }
        var i = start
        if scaled < 0 {
            out[i] = UInt8(ascii: "-")
            i += 1
        }
        var n = UInt64(abs(scaled))
        let low = UInt8(n % 10), high = UInt8(n / 10 % 10)
        n /= 100
        // The whole part's digits, least significant first, then reversed in place.
        let first = i
        repeat {
            out[i] = UInt8(ascii: "0") + UInt8(n % 10)
            n /= 10
            i += 1
        } while n > 0
        var l = first, r = i - 1
        while l < r {
            out.swapAt(l, r)
            l += 1
            r -= 1
        }
        if low != 0 || high != 0 {
            out[i] = UInt8(ascii: ".")
            out[i + 1] = UInt8(ascii: "0") + high
            i += 2
            if low != 0 {
                out[i] = UInt8(ascii: "0") + low
                i += 1
            }
        }
        return i
    }

    /// A transform's six numbers, `a b c d e f`: the linear part to millionths, the
    /// translation in hundredths of a pixel like coordinates.
    mutating func matrix(_ m: Affine) {
        for v in [m.a, m.b, m.c, m.d] {
            number(v, decimals: 6)
            bytes.append(UInt8(ascii: " "))
        }
        coordinate(m.e)
        bytes.append(UInt8(ascii: " "))
        coordinate(m.f)
    }

    /// An indirect reference, `12 0 R`.
    mutating func reference(_ ref: PDFRef) {
        integer(ref.number)
        append(" 0 R")
    }

    /// A name object: `/` and the name with delimiters, `#` and bytes outside printable
    /// ASCII written as `#xx`.
    mutating func name(_ text: String) {
        bytes.append(UInt8(ascii: "/"))
        for b in text.utf8 {
            if b > 0x20 && b < 0x7F && !"#()<>[]{}/%".utf8.contains(b) {
                bytes.append(b)
            } else {
                bytes.append(UInt8(ascii: "#"))
                hexByte(b)
            }
        }
    }

    /// A text string (titles, layer names): a literal string when the text is printable
    /// ASCII, else UTF-16BE with a byte-order mark as a hex string, which every reader
    /// decodes the same way.
    mutating func textString(_ text: String) {
        if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) {
            bytes.append(UInt8(ascii: "("))
            for b in text.utf8 {
                if b == UInt8(ascii: "(") || b == UInt8(ascii: ")") || b == UInt8(ascii: "\\") { bytes.append(UInt8(ascii: "\\")) }
                bytes.append(b)
            }
            bytes.append(UInt8(ascii: ")"))
        } else {
            append("<FEFF")
            for unit in text.utf16 { hexUnit(unit) }
            append(">")
        }
    }

    private static let hexDigits: [UInt8] = Array("0123456789ABCDEF".utf8)

    mutating func hexByte(_ b: UInt8) {
        bytes.append(Self.hexDigits[Int(b >> 4)])
        bytes.append(Self.hexDigits[Int(b & 15)])
    }

    /// A UTF-16 code unit as four hex digits.
    mutating func hexUnit(_ unit: UInt16) {
        hexByte(UInt8(unit >> 8))
        hexByte(UInt8(unit & 0xFF))
    }
}

/// An indirect object's number (generation 0: files are written once, never updated).
struct PDFRef: Hashable {
    let number: Int
}
