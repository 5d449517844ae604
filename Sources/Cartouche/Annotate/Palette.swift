import JSON
import Style

/// Colours for project categories: given ones first, then the default palette in order of
/// each category's first appearance.
public struct CategoryPalette: Sendable {
    /// ColorBrewer Set1 with three more: distinct on a light map and in print.
    public static let defaultColors = ["#e41a1c", "#377eb8", "#4daf4a", "#984ea3", "#ff7f00", "#a65628", "#f781bf",
                                       "#666666", "#1b9e77", "#d95f02", "#7570b3", "#e6ab02"]

    /// The categories met so far with their colours, in order of first appearance: the key
    /// drawn on the page.
    public private(set) var assigned: [(name: String, color: Color)] = []
    private let given: [String: Color]

    /// `spec` is "产业=#e41a1c,民生=#377eb8"; unknown colours are an error.
    public init(spec: String? = nil) throws {
        var given: [String: Color] = [:]
        for pair in (spec ?? "").split(separator: ",") where !pair.isEmpty {
            let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, let c = Color(css: parts[1]) else {
                throw ProjectInputError("category colours: expected CATEGORY=COLOUR pairs separated by commas, found \"\(pair)\"",
                                        setting: .palette)
            }
            given[parts[0]] = c
        }
        self.given = given
    }

    /// The colour of a category: the one it was given, else the next default colour not yet
    /// used; the same category always gets the same colour.
    public mutating func color(for category: String) -> Color {
        if let known = assigned.first(where: { $0.name == category }) { return known.color }
        let used = Set(assigned.map(\.color))
        let next = given[category] ?? Self.defaultColors.lazy.compactMap { Color(css: $0) }.first { !used.contains($0) }
            ?? Color(css: Self.defaultColors[assigned.count % Self.defaultColors.count])!
        assigned.append((category, next))
        return next
    }
}
