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
    // Round half away from zero to `hi` digits, then drop zeros down to `lo`.
    var scaled = (abs(n) * pow(10, Double(hi))).rounded(.toNearestOrAwayFromZero)
    var digits: [Character] = []
    if scaled == 0 { digits = ["0"] }
    while scaled >= 1 {
        let d = Int(scaled.truncatingRemainder(dividingBy: 10))
        digits.insert(Character(String(d)), at: 0)
        scaled = (scaled / 10).rounded(.down)
    }
    while digits.count <= hi { digits.insert("0", at: 0) }
    var integer = String(digits[0..<(digits.count - hi)])
    var fraction = String(digits[(digits.count - hi)...])
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
