import Testing
@testable import Render

@Suite("Glyph fields from rasters")
struct RasterFieldTests {
    /// An `l` of Open Sans Semibold at 24 px: 19 rows of one faint, two full and one
    /// three-quarter column.
    static let stem: [UInt8] = Array(repeating: [8, 255, 255, 183], count: 19).flatMap { $0 }

    @Test func aRasterWithoutEmptyPixelsReadsHalfAPixelDeep() {
        let field = RasterField.field(coverage: Self.stem, width: 4, height: 19, buffer: 3)
        #expect(field.count == 10 * 25)
        // The middle row, from the field's left edge: the faint column is rescaled to
        // nothing, so the full ones become edges: 206 both, where exact distances give
        // 208 and 230 (the generator's quirk MapLibre's test glyphs show).
        let row = Array(field[12 * 10 ..< 13 * 10])
        #expect(row[3] == 174)
        #expect(row[4] == 206)
        #expect(row[5] == 206)
        #expect(row[6] == 197)
        #expect(row[7] == 165)
    }

    @Test func aSolidRasterKeepsItsInside() {
        // A full block: rescaled by its extremes it would be empty everywhere.
        let field = RasterField.field(coverage: [UInt8](repeating: 255, count: 36), width: 6, height: 6, buffer: 3)
        #expect(field[6 * 12 + 6] > 192)
        #expect(field[0] < 192)
    }

    @Test func theFieldsRectangleGivesTheGeneratorsSquaresField() {
        // A ring and a slanted bar, anti-aliased, as glyph rasters go.
        var shapes: [([UInt8], Int, Int)] = []
        for (w, h) in [(17, 21), (9, 24), (23, 14)] {
            var ring = [UInt8](repeating: 0, count: w * h), bar = ring
            for y in 0..<h {
                for x in 0..<w {
                    let dx = Double(x) + 0.5 - Double(w) / 2, dy = Double(y) + 0.5 - Double(h) / 2
                    let r = (dx * dx + dy * dy).squareRoot()
                    ring[y * w + x] = UInt8(255 * max(0, min(1, 1.8 - abs(r - Double(min(w, h)) / 3))))
                    bar[y * w + x] = UInt8(255 * max(0, min(1, 2.2 - abs(dx * 0.8 - dy * 0.6))))
                }
            }
            shapes += [(ring, w, h), (bar, w, h)]
        }
        for (coverage, w, h) in shapes {
            let side = RasterField.generatorSide
            let square = RasterField.field(coverage: coverage, width: w, height: h, buffer: 3, working: (side, side))
            #expect(RasterField.field(coverage: coverage, width: w, height: h, buffer: 3) == square)
        }
    }
}
