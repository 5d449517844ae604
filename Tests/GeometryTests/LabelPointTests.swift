import Testing
@testable import Geometry

@Suite("Label points")
struct LabelPointTests {
    /// The pole is inside, its reported distance is its distance to the outline, and no
    /// point of a fine grid is farther from the outline by more than the precision.
    @Test func thePoleIsInsideAndAsFarFromTheOutlineAsAnyPoint() {
        var rng = SeededGenerator(seed: 3)
        for _ in 0..<60 {
            var rings = [RandomShapes.starRing(0, 0, radius: 100, vertices: Int.random(in: 3...40, using: &rng), using: &rng)]
            if Bool.random(using: &rng) {
                rings.append(RandomShapes.starRing(Double.random(in: -5...5, using: &rng), Double.random(in: -5...5, using: &rng),
                                                   radius: 15, vertices: 8, using: &rng))
            }
            let pole = LabelPoint.poleOfInaccessibility(rings: rings, precision: 0.5)
            #expect(RandomShapes.evenOddContains(rings, pole.x, pole.y))
            #expect(abs(LabelPoint.signedDistance(pole.x, pole.y, rings) - pole.distance) < 1e-9)
            var gridBest = -Double.infinity
            for gx in stride(from: -100.0, through: 100, by: 4) {
                for gy in stride(from: -100.0, through: 100, by: 4) { gridBest = max(gridBest, LabelPoint.signedDistance(gx, gy, rings)) }
            }
            #expect(pole.distance >= gridBest - 0.5)
        }
    }

    @Test func anLShapeAndASquareWithAHole() {
        // An L with arms 2 wide: the largest circle sits in the corner, pushed out towards
        // the inner vertex (2, 2) until it touches it: radius 4 − 2√2. (The centroid, at
        // about (2.9, 2.9), is outside the L.)
        let l: [Double] = [0, 0, 10, 0, 10, 2, 2, 2, 2, 10, 0, 10, 0, 0]
        let pole = LabelPoint.poleOfInaccessibility(rings: [l], precision: 0.001)
        #expect(abs(pole.distance - (4 - 2 * 2.0.squareRoot())) < 0.001)
        #expect(!RandomShapes.evenOddContains([l], Centroid.polygon([l])!.x, Centroid.polygon([l])!.y))
        let square: [Double] = [0, 0, 10, 0, 10, 10, 0, 10, 0, 0]
        let hole: [Double] = [3, 3, 7, 3, 7, 7, 3, 7, 3, 3]
        // A ring around a lake: the best place is in a corner, as far from the square's
        // sides as from the hole's corner: 6 − 3√2.
        let p = LabelPoint.poleOfInaccessibility(rings: [square, hole], precision: 0.001)
        #expect(abs(p.distance - (6 - 3 * 2.0.squareRoot())) < 0.001)
        #expect(!RandomShapes.evenOddContains([hole], p.x, p.y))
    }

    @Test func longThinShapesAndDegenerateInputAnswerQuickly() {
        let thin: [Double] = [0, 0, 1_000_000, 0, 1_000_000, 1, 0, 1, 0, 0]
        let pole = LabelPoint.poleOfInaccessibility(rings: [thin], precision: 0.01)
        #expect(abs(pole.distance - 0.5) < 0.01)
        #expect(LabelPoint.poleOfInaccessibility(rings: [[3, 4, 3, 4, 3, 4, 3, 4]]) == (3, 4, 0))
        #expect(LabelPoint.poleOfInaccessibility(rings: [[3, 4]]) == (3, 4, 0))
        #expect(LabelPoint.poleOfInaccessibility(rings: []) == (0, 0, 0))
    }
}
