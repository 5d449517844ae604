/// How MapLibre breaks vertical text into columns: the text is shaped as horizontal lines
/// (Arabic in its presentation forms, lines broken by `text-max-width` as for horizontal
/// text, upright characters an em long and turned ones their advance, each line in visual
/// order), and each line becomes a column read top to bottom.
extension VerticalText {
    /// Each paragraph's characters in logical order, Arabic letters as the presentation
    /// forms MapLibre draws (an alef merged into a lam-alef dropped).
    static func paragraphs(_ text: String) -> [[String]] {
        text.split(separator: "\n").map { paragraph in
            let scalars = Array(paragraph.unicodeScalars)
            return zip(scalars, ArabicForms.shaped(scalars)).compactMap { scalar, code in
                code.flatMap(Unicode.Scalar.init).map { String(Character($0)) } ?? (code == nil ? nil : String(scalar))
            }
        }
    }

    /// The columns of `paragraphs`: broken where MapLibre breaks lines of `maxWidth` device
    /// pixels (nil: only at line feeds), trimmed of spaces, each in visual order.
    static func columns(_ paragraphs: [[String]], maxWidth: Double?, font: String, step: (String) -> Double) -> [[String]] {
        var columns: [[String]] = []
        for characters in paragraphs {
            let scalars = characters.map { $0.unicodeScalars.first ?? " " }
            var starts = [0]
            if let maxWidth, maxWidth > 0 {
                starts += LineBreaking.breaks(scalars, advances: characters.map(step), maxWidth: maxWidth)
            }
            for (start, end) in zip(starts, starts.dropFirst() + [characters.count]) where start < end {
                var line = Array(characters[start..<end])
                while let first = line.first, first.unicodeScalars.allSatisfy(\.properties.isWhitespace) { line.removeFirst() }
                while let last = line.last, last.unicodeScalars.allSatisfy(\.properties.isWhitespace) { line.removeLast() }
                guard !line.isEmpty else { continue }
                columns.append(visualOrder(line, rightToLeft: rightToLeft(characters), font: font))
            }
        }
        return columns
    }

    /// The characters of a line left to right as displayed: Pango's bidirectional order
    /// for a line with right-to-left letters, else as written.
    private static func visualOrder(_ line: [String], rightToLeft: Bool, font: String) -> [String] {
        guard line.contains(where: { !$0.allowsLetterSpacing }) else { return line }
        // The paragraph's direction, not the line's, orders it: a mark of that direction
        // first (three bytes, left out below).
        let text = (rightToLeft ? "\u{200F}" : "\u{200E}") + line.joined()
        var indexAt: [Int: Int] = [:]
        var byte = 3
        for (i, c) in line.enumerated() {
            indexAt[byte] = i
            byte += c.utf8.count
        }
        var seen = Set<Int>()
        var order: [Int] = []
        for run in TextShaper.current.shapedRuns(text, font: font, features: SymbolText.features) {
            for g in run.glyphs {
                if let i = indexAt[g.byteIndex], seen.insert(i).inserted { order.append(i) }
            }
        }
        // Characters Pango gave no glyph keep their place after the rest.
        for i in line.indices where !seen.contains(i) { order.append(i) }
        return order.map { line[$0] }
    }

    /// Whether a paragraph reads right to left: its first strong letter is Arabic.
    private static func rightToLeft(_ characters: [String]) -> Bool {
        for c in characters {
            guard let s = c.unicodeScalars.first, s.properties.isAlphabetic else { continue }
            return !c.allowsLetterSpacing
        }
        return false
    }
}
