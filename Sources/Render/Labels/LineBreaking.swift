/// Where MapLibre breaks a point label's text into lines (`determineLineBreaks` in
/// shaping.cpp): not greedily, but at the set of break opportunities whose lines come
/// closest to an even width (the total width over the fewest lines that fit `maxWidth`),
/// by dynamic programming over squared deviations. Line feeds force a break; breaks after
/// an open or before a close parenthesis cost extra, and so do breaks between ideographs in
/// text with zero-width spaces; the last line may be short.
enum LineBreaking {
    /// Indices (into `characters`) where new lines start, in order; empty for one line.
    /// `advances` are each character's advance including letter spacing (zero for
    /// characters with no glyph), in the same units as `maxWidth`.
    static func breaks(_ characters: [Unicode.Scalar], advances: [Double], maxWidth: Double) -> [Int] {
        guard maxWidth > 0, !characters.isEmpty else { return [] }
        let total = advances.reduce(0, +)
        let lineCount = max(1, (total / maxWidth).rounded(.up))
        let target = total / lineCount

        struct Candidate {
            let index: Int
            let x: Double
            let prior: Int?
            let badness: Double
        }
        var candidates: [Candidate] = []
        func evaluate(_ index: Int, _ x: Double, penalty: Double, last: Bool) -> Candidate {
            var best: Int?
            var bestBadness = badness(x, target, penalty, last)
            for (i, c) in candidates.enumerated() {
                let b = badness(x - c.x, target, penalty, last) + c.badness
                if b <= bestBadness {
                    best = i
                    bestBadness = b
                }
            }
            return Candidate(index: index, x: x, prior: best, badness: bestBadness)
        }
        // Text that carries its own suggested breaks (zero-width spaces) breaks between
        // ideographs only reluctantly.
        let suggested = characters.contains("\u{200B}")
        var x = 0.0
        for (i, c) in characters.enumerated() {
            if !c.isLayoutWhitespace { x += advances[i] }
            guard i < characters.count - 1 else { continue }
            if c.allowsIdeographicBreak || c.allowsWordBreak {
                let reluctant = suggested && c.allowsIdeographicBreak
                candidates.append(evaluate(i + 1, x, penalty: penalty(c, characters[i + 1]) + (reluctant ? 150 : 0), last: false))
            }
        }
        var result: [Int] = []
        var at = evaluate(characters.count, x, penalty: 0, last: true).prior
        while let i = at {
            result.append(candidates[i].index)
            at = candidates[i].prior
        }
        return result.reversed()
    }

    private static func badness(_ width: Double, _ target: Double, _ penalty: Double, _ last: Bool) -> Double {
        let raggedness = (width - target) * (width - target)
        if last { return width < target ? raggedness / 2 : raggedness * 2 }
        return penalty < 0 ? raggedness - penalty * penalty : raggedness + penalty * penalty
    }

    private static func penalty(_ c: Unicode.Scalar, _ next: Unicode.Scalar) -> Double {
        var p = 0.0
        if c == "\n" { p -= 10000 }
        if c == "(" || c == "\u{FF08}" { p += 50 }
        if next == ")" || next == "\u{FF09}" { p += 50 }
        return p
    }
}

extension Unicode.Scalar {
    /// A paragraph separator to ICU's bidi algorithm (Unicode bidi class B).
    var endsParagraph: Bool {
        switch value {
        case 0x0A, 0x0D, 0x1C, 0x1D, 0x1E, 0x85, 0x2029: true
        default: false
        }
    }

    /// MapLibre's `isWhitespace`: what line breaking does not measure and lines are trimmed of.
    var isLayoutWhitespace: Bool {
        switch value {
        case 0x20, 0x09, 0x0A, 0x0B, 0x0C, 0x0D: true
        default: false
        }
    }

    /// Spaces and the punctuation MapLibre breaks after (`allowsWordBreaking`).
    var allowsWordBreak: Bool {
        switch value {
        case 0x0A, 0x20, 0x26, 0x28, 0x29, 0x2B, 0x2D, 0x2F, 0xAD, 0xB7, 0x200B, 0x2010, 0x2013: true
        default: false
        }
    }

    /// Characters of scripts written without spaces, between any two of which a line may
    /// break (`allowsIdeographicBreaking`): CJK ideographs and punctuation, kana, bopomofo,
    /// Yi, full-width forms.
    var allowsIdeographicBreak: Bool {
        if value == 0x2027 { return true }
        switch value {
        case 0x2E80...0x2EFF, 0x2F00...0x2FDF, 0x2FF0...0x2FFF, 0x3000...0x303F, 0x3040...0x309F, 0x30A0...0x30FF,
             0x3100...0x312F, 0x31A0...0x31BF, 0x31C0...0x31EF, 0x31F0...0x31FF, 0x3200...0x32FF, 0x3300...0x33FF,
             0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA48F, 0xA490...0xA4CF, 0xF900...0xFAFF, 0xFE10...0xFE1F,
             0xFE30...0xFE4F, 0xFF00...0xFFEF:
            return true
        default:
            return false
        }
    }
}
