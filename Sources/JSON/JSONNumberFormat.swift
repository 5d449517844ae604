/// Formats a number the way JavaScript's `String(n)` does: `1`, `0.5`, `1e-7`, `1.5e+21`.
///
/// Style expressions (`to-string`, `concat`) and written JSON must agree with MapLibre, which
/// runs on JavaScript's number formatting.
public func formatJSONNumber(_ n: Double) -> String {
    if n.isNaN { return "NaN" }
    if n.isInfinite { return n < 0 ? "-Infinity" : "Infinity" }
    if n == 0 { return "0" }
    if n == n.rounded(), abs(n) < 1e21 {
        if abs(n) < 9.007199254740992e15 { return String(Int64(n)) }
    }
    // Swift's description is the shortest round-tripping form; rewrite its notation into JS's.
    var text = n.description
    var exponent = 0
    if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
        exponent = Int(text[text.index(after: e)...])!
        text = String(text[..<e])
    }
    let negative = text.hasPrefix("-")
    if negative { text.removeFirst() }
    // Split into digits and the position of the decimal point.
    var digits = ""
    var pointPosition = 0
    if let dot = text.firstIndex(of: ".") {
        let whole = text[..<dot]
        let fraction = text[text.index(after: dot)...]
        digits = String(whole) + String(fraction)
        pointPosition = whole.count
    } else {
        digits = text
        pointPosition = text.count
    }
    // Normalise: strip leading zeros (adjusting the point) and trailing zeros.
    while digits.hasPrefix("0") && digits.count > 1 {
        digits.removeFirst()
        pointPosition -= 1
    }
    while digits.hasSuffix("0") && digits.count > 1 { digits.removeLast() }
    let k = digits.count
    let n10 = pointPosition + exponent  // value = 0.digits × 10^n10
    var result: String
    if k <= n10 && n10 <= 21 {
        result = digits + String(repeating: "0", count: n10 - k)
    } else if 0 < n10 && n10 <= 21 {
        let i = digits.index(digits.startIndex, offsetBy: n10)
        result = digits[..<i] + "." + digits[i...]
    } else if -6 < n10 && n10 <= 0 {
        result = "0." + String(repeating: "0", count: -n10) + digits
    } else {
        let e = n10 - 1
        let mantissa = k == 1 ? digits : String(digits.first!) + "." + digits.dropFirst()
        result = mantissa + "e" + (e < 0 ? "-" : "+") + String(abs(e))
    }
    return negative ? "-" + result : result
}
