/// Exact conversion of a decimal `mantissa × 10^exponent` to the nearest Double (ties to
/// even), as `strtod` does, without going through text.
///
/// Two algorithms cover nearly every number in real files:
/// - Clinger's fast path: a mantissa of at most 2^53 and |exponent| ≤ 22 are both exact
///   Doubles, so one IEEE multiplication or division rounds correctly. Typical coordinates
///   (`114.059209`) take this path.
/// - Eisel–Lemire: for any mantissa of up to 19 digits, multiply by a 128-bit approximation
///   of the power of ten and round; Mushtak and Lemire proved ("Fast number parsing without
///   fallback", 2023) that 128 bits always suffice. Coordinates with 17 significant digits
///   (`-57.840002473401341`, Natural Earth) take this path.
///
/// `JSONScanner.readNumber` applies the first inline and calls the second; it falls back to
/// `strtod` for longer mantissas.
@usableFromInline
enum DecimalToDouble {
    /// 10^e for e in 0...22, the powers of ten that are exact Doubles. (A switch rather than
    /// a global array: code inlined into another module would reach a global through a
    /// lazy-initialisation check on every number.)
    @inlinable @inline(__always)
    static func exactPowerOfTen(_ e: Int) -> Double {
        switch e {
        case 0: 1e0
        case 1: 1e1
        case 2: 1e2
        case 3: 1e3
        case 4: 1e4
        case 5: 1e5
        case 6: 1e6
        case 7: 1e7
        case 8: 1e8
        case 9: 1e9
        case 10: 1e10
        case 11: 1e11
        case 12: 1e12
        case 13: 1e13
        case 14: 1e14
        case 15: 1e15
        case 16: 1e16
        case 17: 1e17
        case 18: 1e18
        case 19: 1e19
        case 20: 1e20
        case 21: 1e21
        default: 1e22
        }
    }

    /// fast_float's `compute_float` for binary64, for a mantissa of at most 19 digits: the
    /// Double nearest to `w × 10^q`.
    @usableFromInline @inline(never)
    static func eiselLemire(mantissa w: UInt64, exponent q: Int) -> Double {
        if w == 0 || q < PowersOfFive.smallestExponent { return 0 }
        if q > PowersOfFive.largestExponent { return .infinity }
        let mantissaBits = 52
        let leadingZeros = w.leadingZeroBitCount
        let normalized = w << UInt64(leadingZeros)

        // The product with the power of five, to 55 good bits (mantissa + implicit bit +
        // rounding bit + the bit the top may lose); a second word only when the first
        // leaves those bits uncertain.
        let index = 2 * (q - PowersOfFive.smallestExponent)
        var (high, low) = normalized.multipliedFullWidth(by: PowersOfFive.table[index])
        let precisionMask: UInt64 = 0xFFFF_FFFF_FFFF_FFFF >> UInt64(mantissaBits + 3)
        if high & precisionMask == precisionMask {
            let second = normalized.multipliedFullWidth(by: PowersOfFive.table[index + 1]).high
            let (sum, overflow) = low.addingReportingOverflow(second)
            low = sum
            if overflow { high &+= 1 }
        }

        let upperBit = Int(high >> 63)
        let shift = UInt64(upperBit + 64 - mantissaBits - 3)
        var m = high >> shift
        // floor(log2(10) × q) + 63, then the biased exponent of the result.
        var power2 = (((152_170 + 65_536) * q) >> 16) + 63 + upperBit - leadingZeros + 1023

        if power2 <= 0 {
            // Subnormal, or zero when it is more than 64 bits below the smallest exponent.
            if -power2 + 1 >= 64 { return 0 }
            m >>= UInt64(-power2 + 1)
            m += m & 1
            m >>= 1
            // Rounding up may have made it the smallest normal number.
            power2 = m < (1 << UInt64(mantissaBits)) ? 0 : 1
            return Double(bitPattern: UInt64(power2) << 52 | (m & ((1 << 52) - 1)))
        }

        // A tie can only happen when 5^q fits in 64 bits; round it to even.
        if low <= 1 && q >= -4 && q <= 23 && m & 3 == 1 && (m << shift) == high {
            m &= ~1
        }
        m += m & 1
        m >>= 1
        if m >= 2 << UInt64(mantissaBits) {
            m = 1 << UInt64(mantissaBits)
            power2 += 1
        }
        if power2 >= 0x7FF { return .infinity }
        return Double(bitPattern: UInt64(power2) << 52 | (m & ((1 << 52) - 1)))
    }
}
