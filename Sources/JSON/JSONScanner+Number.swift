#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension JSONScanner {
    /// Reads a JSON number, giving exactly the Double that `strtod` gives for its text.
    @inlinable @inline(__always)
    public mutating func readNumber() throws(SourceError) -> Double {
        guard let value = try readNumberIfPresent() else { throw unexpected(expected: "a number") }
        return value
    }

    /// Reads a number if one starts next (after whitespace), nil if something else does;
    /// a malformed number (`-x`, `1.`, `01`) is an error.
    ///
    /// The digits are gathered into a 64-bit mantissa and a decimal exponent in one pass
    /// (inlinable: it is the inner loop of the GeoJSON reader, in another module), then
    /// turned into the correctly rounded Double by Clinger's fast path or, failing that,
    /// Eisel–Lemire (`DecimalToDouble`). Only a number with more than 19 significant digits
    /// goes to `strtod` (which is several times slower).
    @inlinable @inline(__always)
    public mutating func readNumberIfPresent() throws(SourceError) -> Double? {
        skipWhitespace()
        let count = bytes.count
        let start = offset
        guard start < count else { return nil }
        // Read through the base pointer: the buffer's own subscript checks for a nil base
        // on every byte.
        let base = bytes.baseAddress!
        @inline(__always) func byte(_ i: Int) -> UInt8 { base.load(fromByteOffset: i, as: UInt8.self) }

        var i = start
        let negative = byte(i) == UInt8(ascii: "-")
        if negative {
            i &+= 1
            guard i < count, byte(i) &- 0x30 < 10 else { throw malformedNumber(.digitAfterMinus, at: i) }
        } else if byte(i) &- 0x30 >= 10 {
            return nil
        }

        // Integer digits. A mantissa of more than 19 digits wraps; that is detected below.
        var mantissa: UInt64 = 0
        let integerStart = i
        if byte(i) == UInt8(ascii: "0") {
            i &+= 1
            if i < count, byte(i) &- 0x30 < 10 { throw malformedNumber(.leadingZero, at: i) }
        } else {
            Self.accumulateDigits(base, count, &i, &mantissa)
        }
        var digitCount = i &- integerStart
        var exponent = 0

        if i < count && byte(i) == UInt8(ascii: ".") {
            i &+= 1
            let fractionStart = i
            Self.accumulateDigits(base, count, &i, &mantissa)
            guard i > fractionStart else { throw malformedNumber(.digitAfterPoint, at: i) }
            exponent = fractionStart &- i
            digitCount &+= i &- fractionStart
        }

        if i < count && (byte(i) | 0x20) == UInt8(ascii: "e") {
            i &+= 1
            var exponentNegative = false
            if i < count && (byte(i) == UInt8(ascii: "+") || byte(i) == UInt8(ascii: "-")) {
                exponentNegative = byte(i) == UInt8(ascii: "-")
                i &+= 1
            }
            guard i < count, byte(i) &- 0x30 < 10 else { throw malformedNumber(.digitInExponent, at: i) }
            var e = 0
            while i < count, case let d = byte(i) &- 0x30, d < 10 {
                if e < 100_000 { e = e &* 10 &+ Int(d) }  // far beyond any Double; stop growing
                i &+= 1
            }
            exponent &+= exponentNegative ? -e : e
        }
        offset = i

        if digitCount > 19 && significantDigits(from: integerStart, to: i) > 19 {
            return strtodNumber(from: start, to: i)
        }
        // Clinger's fast path: the mantissa and the power of ten are exact Doubles, so one
        // correctly rounded operation gives the answer.
        if mantissa <= 1 << 53 && exponent >= -22 && exponent <= 22 {
            var v = Double(mantissa)
            if exponent < 0 { v /= DecimalToDouble.exactPowerOfTen(-exponent) } else { v *= DecimalToDouble.exactPowerOfTen(exponent) }
            return negative ? -v : v
        }
        let v = DecimalToDouble.eiselLemire(mantissa: mantissa, exponent: exponent)
        return negative ? -v : v
    }

    /// What can be wrong inside a number.
    @usableFromInline
    enum NumberProblem {
        case digitAfterMinus, leadingZero, digitAfterPoint, digitInExponent
    }

    /// The error for a malformed number at `position`, made out of line so that the number
    /// reader, inlined into every loop over coordinates, stays small.
    @usableFromInline @inline(never)
    mutating func malformedNumber(_ problem: NumberProblem, at position: Int) -> SourceError {
        offset = position
        switch problem {
        case .digitAfterMinus: return unexpected(expected: "a digit after '-'")
        case .leadingZero: return error("numbers must not have leading zeros")
        case .digitAfterPoint: return unexpected(expected: "a digit after the decimal point")
        case .digitInExponent: return unexpected(expected: "a digit in the exponent")
        }
    }

    /// Appends the run of digits at `i` to `mantissa` (wrapping past 19 digits, which the
    /// caller detects) and moves `i` past it.
    ///
    /// Up to eight digits are classified and converted at once from one 64-bit load (SWAR,
    /// after fast_float), so the six or seven decimals of a typical coordinate take one
    /// step instead of a loop; the buffer's last bytes, and digits past the first eight, go
    /// one at a time.
    @inlinable @inline(__always)
    static func accumulateDigits(_ base: UnsafeRawPointer, _ count: Int, _ i: inout Int, _ mantissa: inout UInt64) {
        if i &+ 8 <= count {
            let word = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: i, as: UInt64.self))
            // The high bit of each byte that is not '0'...'9'. The first such byte (the lowest,
            // in little-endian order) is flagged exactly: carries and borrows only go upwards.
            let nonDigits = ((word &+ 0x4646_4646_4646_4646) | (word &- 0x3030_3030_3030_3030)) & 0x8080_8080_8080_8080
            let n = nonDigits.trailingZeroBitCount &>> 3
            if n < 8 {
                // The n digits moved to the top bytes, the bytes below filled with '0'.
                let digits = word &<< UInt64(64 &- 8 &* n) | 0x3030_3030_3030_3030 &>> UInt64(8 &* n)
                mantissa = mantissa &* powerOfTen(n) &+ eightDigitsValue(digits)
                i &+= n
                return
            }
            mantissa = mantissa &* 100_000_000 &+ eightDigitsValue(word)
            i &+= 8
        }
        while i < count, case let d = base.load(fromByteOffset: i, as: UInt8.self) &- 0x30, d < 10 {
            mantissa = mantissa &* 10 &+ UInt64(d)
            i &+= 1
        }
    }

    /// The value of eight ASCII digits, the first in the lowest byte.
    @inlinable @inline(__always)
    static func eightDigitsValue(_ word: UInt64) -> UInt64 {
        var v = word &- 0x3030_3030_3030_3030
        v = v &* 10 &+ (v &>> 8)
        return ((v & 0x0000_00FF_0000_00FF) &* (100 &+ (1_000_000 &<< 32))
            &+ ((v &>> 16) & 0x0000_00FF_0000_00FF) &* (1 &+ (10_000 &<< 32))) &>> 32
    }

    /// 10^n for n in 0...7.
    @inlinable @inline(__always)
    static func powerOfTen(_ n: Int) -> UInt64 {
        switch n {
        case 0: 1
        case 1: 10
        case 2: 100
        case 3: 1000
        case 4: 10000
        case 5: 100_000
        case 6: 1_000_000
        default: 10_000_000
        }
    }

    /// Digits from the first non-zero one to the end of the mantissa (leading zeros such as
    /// those of `0.000123` do not count against the 19 that fit in 64 bits).
    @usableFromInline
    func significantDigits(from start: Int, to end: Int) -> Int {
        var i = start
        while i < end, bytes[i] == UInt8(ascii: "0") || bytes[i] == UInt8(ascii: ".") { i += 1 }
        var n = 0
        while i < end, bytes[i] != UInt8(ascii: "e"), bytes[i] != UInt8(ascii: "E") {
            if bytes[i] != UInt8(ascii: ".") { n += 1 }
            i += 1
        }
        return n
    }

    /// The slow path, for more than 19 significant digits: `strtod` on a NUL-terminated copy.
    @usableFromInline
    func strtodNumber(from start: Int, to end: Int) -> Double {
        let length = end - start
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: length + 1) { buffer in
            for k in 0..<length { buffer[k] = CChar(bitPattern: bytes[start + k]) }
            buffer[length] = 0
            return strtod(buffer.baseAddress!, nil)
        }
    }
}
