/// Text laid out from a style's glyph set: Pango still orders the text (right-to-left
/// runs) and finds a face for every character, but each character the glyph set has is
/// drawn from it instead, as MapLibre draws it (its code point, Arabic in presentation
/// forms, no font shaping), with the set's advance. Characters whose range file is missing
/// keep the glyphs Pango chose.
extension GlyphSets {
    /// `runs` (Pango's shaping of `text`, visual order) with each glyph the stack has
    /// moved into runs of the glyph set; `font` is the Pango description of the stack.
    func substitute(_ runs: [ShapedRun], text: String, stack: Stack, font: String) -> [ShapedRun] {
        let scalars = Array(text.unicodeScalars)
        let codes = ArabicForms.shaped(scalars)
        var scalarAt: [Int: Int] = [:]
        scalarAt.reserveCapacity(scalars.count)
        var byte = 0
        for (i, s) in scalars.enumerated() {
            scalarAt[byte] = i
            byte += UTF8.width(s)
        }
        let setFont = Self.runFont(stack, pango: font)
        var result: [ShapedRun] = []
        for run in runs {
            var current: ShapedRun?
            var taken = Set<Int>()
            func append(_ glyph: ShapedGlyph, font: String) {
                if current?.font != font {
                    if let c = current, !c.glyphs.isEmpty { result.append(c) }
                    current = ShapedRun(font: font, text: run.text, glyphs: [])
                }
                current!.glyphs.append(glyph)
            }
            for g in run.glyphs {
                // Pango's empty glyphs (default ignorables) stay empty.
                guard !g.isEmpty, let i = scalarAt[g.byteIndex] else {
                    append(g, font: run.font)
                    continue
                }
                // A character merged into the one before (the alef of lam-alef): nothing
                // of its own, as in MapLibre.
                guard let code = codes[i], !Self.isBidiControl(code) else { continue }
                if glyph(code, in: stack) != nil {
                    // One glyph per character: the rest of a cluster's glyphs go.
                    guard taken.insert(i).inserted else { continue }
                    append(ShapedGlyph(id: code, width: 1, xOffset: 0, yOffset: 0, byteIndex: g.byteIndex), font: setFont)
                } else {
                    append(g, font: run.font)
                }
            }
            if let c = current, !c.glyphs.isEmpty { result.append(c) }
        }
        return result
    }

    typealias Clusters = [(text: String, x: Double, advance: Double, runs: [GlyphRun])]

    /// A line label's pieces from the glyph set, as `SymbolText.clusters` gives them
    /// (one per glyph, visual order, advances at `scale` device pixels per 24-px unit,
    /// letter spacing between pieces, glyphs on the glyph-origin line); nil when some
    /// character is not in the glyph set.
    func lineClusters(_ text: String, font: String, stack: Stack, scale: Double, letterSpacing: Double) -> Clusters? {
        let scalars = Array(text.unicodeScalars)
        var scalarAt: [Int: Int] = [:]
        var byte = 0
        for (i, s) in scalars.enumerated() {
            scalarAt[byte] = i
            byte += UTF8.width(s)
        }
        var clusters: Clusters = []
        var x = 0.0
        for run in TextShaper.current.shapedRuns(text, font: font, features: SymbolText.features, glyphs: stack) {
            for g in run.glyphs where !g.isEmpty {
                guard GlyphSets.isRunFont(run.font), let i = scalarAt[g.byteIndex] else { return nil }
                let advance = Double(GlyphAtlas.shared.advance(g.id, run.font)) * scale
                clusters.append((String(scalars[i]), x, advance,
                                 [GlyphRun(font: run.font, glyphs: [g.id], positions: [0, 0], text: String(scalars[i]))]))
                x += advance + (advance > 0 ? letterSpacing : 0)
            }
        }
        return clusters
    }

    /// Pango's pieces of a line label with each one-character piece the glyph set has
    /// drawn from it (positions are set from the advances afterwards), for text the glyph
    /// set covers only in part. Joined letters keep Pango's glyphs: a piece alone does not
    /// say its form. Line labels put every piece's pen on the baseline of the first
    /// piece's face, so each run is moved to where its own face puts it.
    func substitute(_ clusters: Clusters, stack: Stack, font: String, scale: Double) -> Clusters {
        let setFont = Self.runFont(stack, pango: font)
        let atlas = GlyphAtlas.shared
        let substituted: Clusters = clusters.map { c in
            let scalars = c.text.unicodeScalars
            guard scalars.count == 1, let scalar = scalars.first, !ArabicForms.joins(scalar.value),
                  glyph(scalar.value, in: stack) != nil
            else { return c }
            return (c.text, c.x, c.advance, [GlyphRun(font: setFont, glyphs: [scalar.value], positions: [0, 0], text: c.text)])
        }
        let reference = substituted.first?.runs.first.map { Double(atlas.ascender($0.font)) } ?? 0
        return substituted.map { c in
            var c = c
            for r in c.runs.indices {
                let shift = (Double(atlas.ascender(c.runs[r].font)) - reference) * scale
                for k in stride(from: 1, to: c.runs[r].positions.count, by: 2) { c.runs[r].positions[k] += shift }
            }
            return c
        }
    }

    /// A character of a vertical label from the glyph set, if it has it: its advance at
    /// `scale` and a run whose pen is on the glyph-origin line above the baseline the
    /// column gives the character. The column places Pango's glyphs (`runs`) by their
    /// baseline; an upright character's glyph-origin line is where it is for an ideograph
    /// of Noto Sans CJK (ascender 28 px at 24), which is where MapLibre puts every upright
    /// glyph; a turned one's is where MapLibre's turned line puts it.
    func verticalCharacter(_ character: String, runs: [GlyphRun], upright: Bool, stack: Stack, font: String,
                           scale: Double) -> (advance: Double, runs: [GlyphRun])? {
        let scalars = character.unicodeScalars
        guard scalars.count == 1, let scalar = scalars.first, !ArabicForms.joins(scalar.value),
              let g = glyph(scalar.value, in: stack)
        else { return nil }
        // A turned glyph's origin line lies 17 px (at 24) right of the column's middle, as a
        // horizontal line's lies above its middle; the column puts its baseline 0.38 em left.
        let ascender = upright ? 28 : 17 + 0.38 * GlyphAtlas.em
        return (Double(g.advance) * scale,
                [GlyphRun(font: Self.runFont(stack, pango: font), glyphs: [scalar.value], positions: [0, -ascender * scale],
                          text: character)])
    }

    /// Bidirectional formatting characters, which MapLibre removes after reordering.
    static func isBidiControl(_ code: UInt32) -> Bool {
        code == 0x61C || code == 0x200E || code == 0x200F || (0x202A...0x202E).contains(code) || (0x2066...0x2069).contains(code)
    }
}

extension TextShaper {
    /// `shapedRuns(_:font:features:)`, with the characters the glyph set has taken from it.
    func shapedRuns(_ text: String, font: String, features: String, glyphs: GlyphSets.Stack?) -> [ShapedRun] {
        let runs = shapedRuns(text, font: font, features: features)
        guard let glyphs else { return runs }
        return GlyphSets.shared.substitute(runs, text: text, stack: glyphs, font: font)
    }
}

extension GlyphRun {
    /// The run in system faces, for outputs that keep glyph outlines (PDF, and image
    /// contexts that turn or skew): a glyph set run's characters each shaped alone by
    /// Pango in the stack's faces, on the baseline below the glyph-origin line its
    /// positions are on. Other runs are returned as they are.
    func systemRuns() -> [GlyphRun] {
        guard let (_, pango) = GlyphSets.parseRunFont(font) else { return [self] }
        let shaper = TextShaper.current
        let size = shaper.cssFont(pango).size
        var out: [GlyphRun] = []
        for (i, code) in glyphs.enumerated() {
            guard let scalar = Unicode.Scalar(code),
                  let shaped = shaper.shapedRuns(String(Character(scalar)), font: pango, features: SymbolText.features).first,
                  let g = shaped.glyphs.first, !g.isEmpty
            else { continue }
            let baseline = Double(GlyphAtlas.shared.ascender(shaped.font)) * size / GlyphAtlas.em
            let x = positions[2 * i], y = positions[2 * i + 1] + baseline
            if out.last?.font == shaped.font {
                out[out.count - 1].glyphs.append(g.id)
                out[out.count - 1].positions += [x, y]
            } else {
                out.append(GlyphRun(font: shaped.font, glyphs: [g.id], positions: [x, y], text: text, color: color))
            }
        }
        return out
    }
}
