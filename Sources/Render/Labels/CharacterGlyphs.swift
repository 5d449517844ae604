/// Shaping by character, without laying text out, for text where that gives what Pango
/// gives: letters and ideographs that never join, combine or reorder, all in one face.
///
/// MapLibre itself takes each character's glyph from the font stack on its own. Pango picks
/// faces per run by script and language, but a face that is one of the stack's own
/// families is chosen before any language preference (fontconfig binds the family list
/// strongly), so when every character of a text, shaped after a letter of the text's
/// script (which gives it the script and language it has in the text), comes from the same
/// face, shaping the text as a whole picks that face and those glyphs too (ligatures are
/// off, and MapLibre's metrics, not Pango's, place them; a test compares the two). A map's labels are mostly such text (a
/// village's name in one CJK face), and laying each out with Pango cost half the placing.
/// The rest (Arabic, Indic, combining marks, mixed faces, fallbacks) goes through Pango.
final class CharacterGlyphs {
    /// What shaping one character gave: its face, as an index into `faces`, and glyph.
    private struct Entry {
        var face: Int32
        var glyph: UInt32
        var width: Double
    }

    /// Per font description (which includes the size): the characters seen so far, by
    /// character and the script of the text around them; a character that shaping alone
    /// cannot stand for is kept with face −1.
    private var tables: [String: [UInt64: Entry]] = [:]
    private var faces: [String] = []
    private var faceIndex: [String: Int32] = [:]

    /// `text`'s glyph runs in `font`, as `TextShaper.shapedRuns()` would give them for
    /// the text laid out whole, or nil where that needs Pango.
    func runs(_ text: String, font: String, features: String, shaper: TextShaper) -> [ShapedRun]? {
        // Pango gives digits, spaces and punctuation the script of the letters around them,
        // and a face's substitutions can depend on it (Noto Sans CJK's digits differ in Latin
        // text): so only text of one script, and each character looked up with it.
        var script = Script.common
        for scalar in text.unicodeScalars {
            guard let s = Script(scalar) else { return nil }
            if s == .common || s == script { continue }
            guard script == .common else { return nil }
            script = s
        }
        var table = tables.removeValue(forKey: font) ?? [:]
        defer { tables[font] = table }
        var glyphs: [ShapedGlyph] = []
        glyphs.reserveCapacity(text.utf8.count / 2)
        var face: Int32 = -1
        var byte = 0
        for scalar in text.unicodeScalars {
            let key = UInt64(scalar.value) | UInt64(script.rawValue) << 32
            let entry: Entry
            if let known = table[key] {
                entry = known
            } else {
                entry = resolve(scalar, script, font: font, features: features, shaper: shaper)
                table[key] = entry
            }
            guard entry.face >= 0, face < 0 || entry.face == face else { return nil }
            face = entry.face
            glyphs.append(ShapedGlyph(id: entry.glyph, width: entry.width, xOffset: 0, yOffset: 0, byteIndex: byte))
            byte += UTF8.width(scalar)
        }
        guard face >= 0 else { return [] }
        return [ShapedRun(font: faces[Int(face)], text: text, glyphs: glyphs)]
    }

    /// Shapes the character with Pango after a letter of the text's script: one glyph, not
    /// moved, from a real face.
    private func resolve(_ scalar: Unicode.Scalar, _ script: Script, font: String, features: String,
                         shaper: TextShaper) -> Entry {
        let unusable = Entry(face: -1, glyph: 0, width: 0)
        var context = script.sample.map { String(Character($0)) } ?? ""
        let start = context.utf8.count
        context.unicodeScalars.append(scalar)
        shaper.prepare(text: context, font: font, features: features)
        var found: [(font: String, glyph: ShapedGlyph)] = []
        for run in shaper.shapedRuns() {
            for g in run.glyphs where g.byteIndex == start { found.append((run.font, g)) }
        }
        guard found.count == 1, let (name, g) = found.first else { return unusable }
        guard g.id & 0x1000_0000 == 0, g.xOffset == 0, g.yOffset == 0 else { return unusable }
        let index: Int32
        if let known = faceIndex[name] {
            index = known
        } else {
            index = Int32(faces.count)
            faces.append(name)
            faceIndex[name] = index
        }
        return Entry(face: index, glyph: g.id, width: g.width)
    }

    /// The scripts of the characters whose glyph does not depend on their neighbours
    /// beyond the script of the text: printable Latin, CJK ideographs, kana, Hangul
    /// syllables, and their punctuation and full-width forms (script Common). No combining
    /// marks, joining scripts, controls, format characters or variation selectors.
    enum Script: UInt8 {
        case common, latin, han, hiragana, katakana, hangul

        init?(_ s: Unicode.Scalar) {
            switch s.value {
            case 0x41...0x5A, 0x61...0x7A, 0xAA, 0xBA, 0xC0...0xD6, 0xD8...0xF6, 0xF8...0x24F, 0xFF21...0xFF3A, 0xFF41...0xFF5A:
                self = .latin
            case 0x20...0x7E, 0xA0...0xAC, 0xAE...0xBF, 0xD7, 0xF7, 0x2010...0x2027, 0x2030...0x205E:
                self = .common
            case 0x3005, 0x3007, 0x3021...0x3029, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF:
                self = .han
            case 0x3000...0x3004, 0x3006, 0x3008...0x3020, 0x3030...0x303F, 0xFF01...0xFF60, 0xFFE0...0xFFE6:
                self = .common
            case 0x3041...0x3096, 0x309D...0x309F: self = .hiragana
            case 0x30A1...0x30FA, 0x30FD...0x30FF: self = .katakana
            case 0x30A0, 0x30FB, 0x30FC: self = .common
            case 0xAC00...0xD7A3: self = .hangul
            default: return nil
            }
        }

        /// A letter of the script to shape a character after, so that Pango gives it the
        /// script it has in the text.
        var sample: Unicode.Scalar? {
            switch self {
            case .common: nil
            case .latin: "n"
            case .han: "一"
            case .hiragana: "あ"
            case .katakana: "ア"
            case .hangul: "가"
            }
        }
    }
}
