#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension JSONScanner {
    /// Reads a JSON number, giving exactly the Double that `strtod` gives for its text.
    ///
    /// The digits are gathered into a 64-bit mantissa and a decimal exponent in one pass;
    /// `DecimalToDouble` turns those into the correctly rounded Double. Only a number with
    /// more than 19 significant digits goes to `strtod` (which is several times slower).
    @inline(__always)
    public mutating func readNumber() throws(SourceError) -> Double {
        skipWhitespace()
        let start = offset
        let count = bytes.count
        var i = offset
        let negative = i < count && bytes[i] == UInt8(ascii: "-")
        if negative { i += 1 }
        guard i < count, bytes[i] &- 0x30 < 10 else {
            offset = i
            throw unexpected(expected: negative ? "a digit after '-'" : "a number")
        }

        // Integer digits. A mantissa of more than 19 digits wraps; that is detected below.
        var mantissa: UInt64 = 0
        let integerStart = i
        if bytes[i] == UInt8(ascii: "0") {
            i += 1
            if i < count, bytes[i] &- 0x30 < 10 {
                offset = i
                throw error("numbers must not have leading zeros")
            }
        } else {
            while i < count, case let d = bytes[i] &- 0x30, d < 10 {
                mantissa = mantissa &* 10 &+ UInt64(d)
                i += 1
            }
        }
        var digitCount = i - integerStart
        var exponent = 0

        if i < count && bytes[i] == UInt8(ascii: ".") {
            i += 1
            let fractionStart = i
            while i < count, case let d = bytes[i] &- 0x30, d < 10 {
                mantissa = mantissa &* 10 &+ UInt64(d)
                i += 1
            }
            guard i > fractionStart else {
                offset = i
                throw unexpected(expected: "a digit after the decimal point")
            }
            exponent = fractionStart - i
            digitCount += i - fractionStart
        }

        if i < count && (bytes[i] | 0x20) == UInt8(ascii: "e") {
            i += 1
            var exponentNegative = false
            if i < count && (bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-")) {
                exponentNegative = bytes[i] == UInt8(ascii: "-")
                i += 1
            }
            guard i < count, bytes[i] &- 0x30 < 10 else {
                offset = i
                throw unexpected(expected: "a digit in the exponent")
            }
            var e = 0
            while i < count, case let d = bytes[i] &- 0x30, d < 10 {
                if e < 100_000 { e = e * 10 + Int(d) }  // far beyond any Double; stop growing
                i += 1
            }
            exponent += exponentNegative ? -e : e
        }
        offset = i

        if digitCount > 19 && significantDigits(from: integerStart, to: i) > 19 {
            return strtodNumber(from: start, to: i)
        }
        return DecimalToDouble.convert(mantissa: mantissa, exponent: exponent, negative: negative)
    }

    /// Digits from the first non-zero one to the end of the mantissa (leading zeros such as
    /// those of `0.000123` do not count against the 19 that fit in 64 bits).
    private func significantDigits(from start: Int, to end: Int) -> Int {
        var i = start
        while i < end, bytes[i] == UInt8(ascii: "0") || bytes[i] == UInt8(ascii: ".") { i += 1 }
        var n = 0
        while i < end, bytes[i] != UInt8(ascii: "e"), bytes[i] != UInt8(ascii: "E") {
            if bytes[i] != UInt8(ascii: ".") { n += 1 }
            i += 1
        }
        return n
    }

    private func strtodNumber(from start: Int, to end: Int) -> Double {
        let length = end - start
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: length + 1) { buffer in
            for k in 0..<length { buffer[k] = CChar(bitPattern: bytes[start + k]) }
            buffer[length] = 0
            return strtod(buffer.baseAddress!, nil)
        }
    }
}
