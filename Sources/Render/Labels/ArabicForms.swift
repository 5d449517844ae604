/// Arabic letters in the contextual forms MapLibre draws them in: before laying text out it
/// turns each letter into its presentation form (ICU's `u_shapeArabic`, letters shaped,
/// lam + alef made one ligature and the alef dropped), and glyph sets hold those forms
/// (U+FB50–FDFF, U+FE70–FEFF). Pango joins letters inside the font instead, which a glyph
/// set cannot do, so text drawn from a glyph set needs the forms as code points.
enum ArabicForms {
    /// Per character of `scalars` (logical order), the code point to draw it with; nil for
    /// an alef merged into the lam before it. Characters that have no forms are kept.
    static func shaped(_ scalars: [Unicode.Scalar]) -> [UInt32?] {
        var result: [UInt32?] = scalars.map { $0.value }
        guard scalars.contains(where: { forms[$0.value] != nil || $0.value == 0x640 }) else { return result }
        // The joining neighbours of each character, skipping marks (transparent).
        func neighbour(_ i: Int, _ step: Int) -> UInt32? {
            var j = i + step
            while j >= 0, j < scalars.count {
                let v = scalars[j].value
                if !isTransparent(v) { return v }
                j += step
            }
            return nil
        }
        var i = 0
        while i < scalars.count {
            let v = scalars[i].value
            guard let f = forms[v] else { i += 1; continue }
            let before = neighbour(i, -1), after = neighbour(i, 1)
            let joinsBefore = f.count > 1 && before.map(joinsForward) == true
            // Lam then alef: one ligature, in its final form if the lam joins the letter before.
            if v == 0x644, i + 1 < scalars.count, let ligature = lamAlef[scalars[i + 1].value] {
                result[i] = joinsBefore ? ligature + 1 : ligature
                result[i + 1] = nil
                i += 2
                continue
            }
            let joinsAfter = f.count == 4 && after.map(joinsBackward) == true
            switch (joinsBefore, joinsAfter) {
            case (true, true): result[i] = f[3]
            case (false, true): result[i] = f[2]
            case (true, false): result[i] = f[1]
            case (false, false): result[i] = f[0]
            }
            i += 1
        }
        return result
    }

    /// Whether the character takes part in joining (its form depends on its neighbours).
    static func joins(_ v: UInt32) -> Bool { v == 0x640 || forms[v] != nil }

    /// Whether the character joins the one after it (dual-joining letters and tatweel).
    private static func joinsForward(_ v: UInt32) -> Bool { v == 0x640 || forms[v]?.count == 4 }

    /// Whether the character joins the one before it (every letter with a final form).
    private static func joinsBackward(_ v: UInt32) -> Bool { v == 0x640 || (forms[v]?.count ?? 0) > 1 }

    /// Harakat and other marks, which joining looks through.
    private static func isTransparent(_ v: UInt32) -> Bool {
        (0x610...0x61A).contains(v) || (0x64B...0x65F).contains(v) || v == 0x670 || (0x6D6...0x6ED).contains(v)
    }

    /// Lam-alef ligatures (isolated; final is one more) by the alef.
    private static let lamAlef: [UInt32: UInt32] = [0x622: 0xFEF5, 0x623: 0xFEF7, 0x625: 0xFEF9, 0x627: 0xFEFB]

    /// Isolated, final, initial, medial forms (isolated and final only for letters that
    /// join just the letter before; isolated only for hamza).
    private static let forms: [UInt32: [UInt32]] = {
        var table: [UInt32: [UInt32]] = [0x621: [0xFE80]]
        // U+0622…U+064A in order, with how many forms each has, from U+FE81 on.
        let counts: [(UInt32, Int)] = [
            (0x622, 2), (0x623, 2), (0x624, 2), (0x625, 2), (0x626, 4), (0x627, 2), (0x628, 4), (0x629, 2), (0x62A, 4),
            (0x62B, 4), (0x62C, 4), (0x62D, 4), (0x62E, 4), (0x62F, 2), (0x630, 2), (0x631, 2), (0x632, 2), (0x633, 4),
            (0x634, 4), (0x635, 4), (0x636, 4), (0x637, 4), (0x638, 4), (0x639, 4), (0x63A, 4), (0x641, 4), (0x642, 4),
            (0x643, 4), (0x644, 4), (0x645, 4), (0x646, 4), (0x647, 4), (0x648, 2), (0x649, 2), (0x64A, 4),
        ]
        var next: UInt32 = 0xFE81
        for (letter, count) in counts {
            table[letter] = (0..<UInt32(count)).map { next + $0 }
            next += UInt32(count)
        }
        // Persian and Urdu letters, from Presentation Forms-A.
        for (letter, first, count) in [(UInt32(0x67E), UInt32(0xFB56), 4), (0x686, 0xFB7A, 4), (0x698, 0xFB8A, 2),
                                       (0x6A9, 0xFB8E, 4), (0x6AF, 0xFB92, 4), (0x6CC, 0xFBFC, 4)] {
            table[letter] = (0..<UInt32(count)).map { first + $0 }
        }
        return table
    }()
}

extension String {
    /// False for text with letters of a joining script (Arabic and its presentation
    /// forms), which MapLibre lays out without `text-letter-spacing`: spaced, its letters
    /// would come apart.
    var allowsLetterSpacing: Bool {
        !unicodeScalars.contains { s in
            let v = s.value
            return (0x600...0x6FF).contains(v) || (0x750...0x77F).contains(v) || (0x8A0...0x8FF).contains(v)
                || (0xFB50...0xFDFF).contains(v) || (0xFE70...0xFEFF).contains(v)
        }
    }
}
