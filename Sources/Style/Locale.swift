#if canImport(Glibc)
import Glibc
#endif

/// The locale a collator or number format resolves to. Without ICU data on every machine
/// Cartouche resolves to the requested language tag itself, or "en".
func resolveLocale(_ requested: String?) -> String {
    guard let requested, !requested.isEmpty else { return "en" }
    return requested
}

/// `number-format` without a platform locale database: grouping and decimal separators for
/// the common locales, ISO currency codes as prefixes, and the fraction digit bounds.
func formatLocalizedNumber(_ n: Double, locale: String?, currency: String?, minFraction: Int?, maxFraction: Int?) -> String {
    guard n.isFinite else { return n.isNaN ? "NaN" : (n < 0 ? "-∞" : "∞") }
    let language = (locale ?? "en").split(separator: "-").first.map(String.init)?.lowercased() ?? "en"
    let (group, decimal): (String, String) = switch language {
    case "de", "es", "it", "nl", "pt", "id", "tr", "da": (".", ",")
    case "fr", "ru", "pl", "cs", "sv", "fi", "nb", "uk": ("\u{202F}", ",")
    default: (",", ".")
    }
    var lo = minFraction ?? (currency != nil ? 2 : 0)
    var hi = maxFraction ?? max(lo, currency != nil ? 2 : 3)
    lo = max(0, min(lo, 20))
    hi = max(lo, min(hi, 20))
    // Intl.NumberFormat rounds the shortest decimal form of the number (987654321.234567,
    // not its binary expansion) half away from zero to `hi` digits, then drops zeros down
    // to `lo`.
    var (digits, point) = shortestDecimalDigits(abs(n))
    let kept = point + hi
    if kept < 0 {
        digits = []
    } else if kept < digits.count {
        let roundUp = digits[kept] >= 5
        digits.removeSubrange(kept...)
        if roundUp {
            var i = digits.count - 1
            while i >= 0 && digits[i] == 9 {
                digits[i] = 0
                i -= 1
            }
            if i >= 0 { digits[i] += 1 } else { digits.insert(1, at: 0); point += 1 }
        }
    }
    // Pad so that there are `point` integer digits (at least one) and `hi` fraction digits.
    if point <= 0 {
        digits.insert(contentsOf: repeatElement(0, count: 1 - point), at: 0)
        point = 1
    }
    if digits.count < point + hi { digits.append(contentsOf: repeatElement(0, count: point + hi - digits.count)) }
    var integer = String(digits[..<point].map { Character(String($0)) })
    var fraction = String(digits[point...].map { Character(String($0)) })
    while fraction.count > lo, fraction.hasSuffix("0") { fraction.removeLast() }
    var grouped = ""
    for (i, c) in integer.reversed().enumerated() {
        if i > 0 && i % 3 == 0 { grouped.insert(contentsOf: group, at: grouped.startIndex) }
        grouped.insert(c, at: grouped.startIndex)
    }
    integer = grouped
    var text = fraction.isEmpty ? integer : integer + decimal + fraction
    if let currency {
        let symbols = ["USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "CNY": "CN¥"]
        text = (symbols[currency.uppercased()] ?? currency.uppercased() + "\u{00A0}") + text
    }
    return n < 0 ? "-" + text : text
}

/// The digits of the shortest decimal that reads back as `x` (x ≥ 0, finite), and where
/// the decimal point goes: 12.5 → ([1, 2, 5], 2), 0.004 → ([4], -2).
func shortestDecimalDigits(_ x: Double) -> (digits: [UInt8], point: Int) {
    let text = x.description
    var mantissa = Substring(text)
    var exponent = 0
    if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
        exponent = Int(text[text.index(after: e)...]) ?? 0
        mantissa = text[..<e]
    }
    var digits: [UInt8] = []
    var point = 0
    var seenPoint = false
    for c in mantissa {
        if c == "." { seenPoint = true; continue }
        guard let d = c.wholeNumberValue else { continue }
        digits.append(UInt8(d))
        if !seenPoint { point += 1 }
    }
    point += exponent
    while let first = digits.first, first == 0, digits.count > 1 {
        digits.removeFirst()
        point -= 1
    }
    while let last = digits.last, last == 0, digits.count > 1 { digits.removeLast() }
    if digits == [0] { point = 1 }
    return (digits, point)
}
