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
                guard let i = scalarAt[g.byteIndex] else {
                    append(g, font: run.font)
                    continue
                }
                // A character merged into the one before (the alef of lam-alef): nothing
                // of its own, as in MapLibre.
                guard let code = codes[i] else { continue }
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

    /// A line label's clusters with each one-character cluster that the stack has drawn
    /// from the glyph set (positions are set from the advances afterwards). Joined
    /// letters keep Pango's glyphs: a cluster alone does not say its form.
    func substitute(_ clusters: [(text: String, x: Double, advance: Double, runs: [GlyphRun])], stack: Stack, font: String)
        -> [(text: String, x: Double, advance: Double, runs: [GlyphRun])] {
        let setFont = Self.runFont(stack, pango: font)
        return clusters.map { c in
            let scalars = c.text.unicodeScalars
            guard scalars.count == 1, let scalar = scalars.first, !ArabicForms.joins(scalar.value), glyph(scalar.value, in: stack) != nil
            else { return c }
            return (c.text, c.x, c.advance, [GlyphRun(font: setFont, glyphs: [scalar.value], positions: [0, 0], text: c.text)])
        }
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
