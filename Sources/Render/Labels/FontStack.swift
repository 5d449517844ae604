import CPango

/// Turns a MapLibre `text-font` stack (`["Open Sans Semibold", "Arial Unicode MS Bold"]`)
/// into a Pango font description: the families in order, then CJK and generic fallbacks,
/// with the weight and style the names carry. Pango falls back per character along the
/// family list and then through fontconfig, so Chinese text always reaches a CJK font and a
/// stack naming fonts that are not installed still draws text.
public struct FontStack: Sendable, Hashable {
    /// The family names with the weight and style words taken off, then the fallbacks.
    public let families: [String]
    /// The CSS weight the names carry (400 regular, 700 bold...).
    public let weight: Int
    /// Whether the names ask for italic.
    public let italic: Bool

    /// Fonts appended to every stack, so that any script finds a face.
    public static let fallbacks = ["Noto Sans CJK SC", "Noto Sans", "DejaVu Sans", "sans-serif"]

    static let weights: [(String, Int)] = [
        ("extrablack", 950), ("ultrablack", 950), ("black", 900), ("heavy", 900), ("extrabold", 800), ("ultrabold", 800),
        ("semibold", 600), ("demibold", 600), ("bold", 700), ("medium", 500), ("regular", 400), ("normal", 400),
        ("book", 380), ("semilight", 350), ("light", 300), ("extralight", 200), ("ultralight", 200), ("thin", 100),
    ]

    /// Reads a `text-font` stack: weight and style from the first name that carries them.
    public init(_ names: [String]) {
        var families: [String] = []
        var weight: Int?
        var italic = false
        for name in names {
            var words = name.split(separator: " ").map(String.init)
            // Strip style words from the end: "Open Sans Semibold Italic" → "Open Sans".
            while let last = words.last, words.count > 1 {
                let lower = last.lowercased()
                if lower == "italic" || lower == "oblique" {
                    if families.isEmpty { italic = true }
                    words.removeLast()
                } else if let w = Self.weights.first(where: { $0.0 == lower }) {
                    if families.isEmpty { weight = w.1 }
                    words.removeLast()
                } else {
                    break
                }
            }
            let family = words.joined(separator: " ")
            if !family.isEmpty && !families.contains(family) { families.append(family) }
        }
        for f in Self.fallbacks where !families.contains(f) { families.append(f) }
        self.families = families
        self.weight = weight ?? 400
        self.italic = italic
    }

    /// A Pango font description string for `size` device pixels.
    public func description(size: Double) -> String {
        let desc = pango_font_description_new()!
        defer { pango_font_description_free(desc) }
        pango_font_description_set_family(desc, families.joined(separator: ","))
        pango_font_description_set_weight(desc, PangoWeight(rawValue: UInt32(weight)))
        pango_font_description_set_style(desc, italic ? PANGO_STYLE_ITALIC : PANGO_STYLE_NORMAL)
        pango_font_description_set_absolute_size(desc, Double(pangoUnits(min(max(1, size), TextShaper.maxFontSize))))
        let text = pango_font_description_to_string(desc)!
        defer { g_free(text) }
        return String(cString: text)
    }
}
