import Testing
@testable import Geometry

@Suite("Spatial index")
struct SpatialIndexTests {
    static func randomBoxes(_ n: Int, size: Double, using rng: inout SeededGenerator) -> [Box] {
        (0..<n).map { _ in
            let x = Double.random(in: 0...1000, using: &rng), y = Double.random(in: 0...1000, using: &rng)
            return Box(minX: x, minY: y, maxX: x + Double.random(in: 0...size, using: &rng), maxY: y + Double.random(in: 0...size, using: &rng))
        }
    }

    /// A query finds exactly what a scan of every box finds, whatever the sizes.
    @Test(arguments: [1, 15, 16, 17, 255, 256, 257, 5000])
    func findsWhatAScanFinds(_ n: Int) {
        var rng = SeededGenerator(seed: UInt64(n))
        var boxes = Self.randomBoxes(n, size: 20, using: &rng)
        boxes.append(.empty)  // a null geometry: never found
        let index = SpatialIndex(boxes: boxes)
        #expect(index.count == n + 1)
        for _ in 0..<200 {
            let x = Double.random(in: -50...1000, using: &rng), y = Double.random(in: -50...1000, using: &rng)
            let q = Box(minX: x, minY: y, maxX: x + Double.random(in: 0...200, using: &rng), maxY: y + Double.random(in: 0...200, using: &rng))
            #expect(index.search(q) == boxes.indices.filter { boxes[$0].intersects(q) })
        }
        #expect(index.search(Box(minX: -1e9, minY: -1e9, maxX: 1e9, maxY: 1e9)) == Array(0..<n))
        #expect(index.search(.empty).isEmpty)
    }

    @Test func touchingBoxesAndPointsCount() {
        let boxes = [Box(minX: 0, minY: 0, maxX: 1, maxY: 1), Box(minX: 5, minY: 5, maxX: 5, maxY: 5), Box(minX: 2, minY: 0, maxX: 3, maxY: 1)]
        let index = SpatialIndex(boxes: boxes)
        #expect(index.search(Box(minX: 1, minY: 1, maxX: 2, maxY: 2)) == [0, 2])  // edges touch
        #expect(index.search(Box(minX: 5, minY: 5, maxX: 6, maxY: 6)) == [1])  // a point on the corner
        #expect(index.search(Box(minX: 1.5, minY: 0, maxX: 1.9, maxY: 1)).isEmpty)
    }

    @Test func manyIdenticalBoxesAndAnEmptyIndex() {
        let same = Array(repeating: Box(minX: 1, minY: 1, maxX: 2, maxY: 2), count: 1000)
        #expect(SpatialIndex(boxes: same).search(Box(minX: 0, minY: 0, maxX: 1, maxY: 1)) == Array(0..<1000))
        let empty = SpatialIndex(boxes: [])
        #expect(empty.count == 0 && empty.search(Box(minX: 0, minY: 0, maxX: 1, maxY: 1)).isEmpty)
        #expect(SpatialIndex(boxes: [.empty, .empty]).search(Box(minX: -1, minY: -1, maxX: 1, maxY: 1)).isEmpty)
    }

    @Test func visitsEachHitOnce() {
        var rng = SeededGenerator(seed: 41)
        let boxes = Self.randomBoxes(3000, size: 50, using: &rng)
        let index = SpatialIndex(boxes: boxes)
        var seen: [Int] = []
        index.search(Box(minX: 200, minY: 200, maxX: 600, maxY: 600)) { seen.append($0) }
        #expect(seen.count == Set(seen).count)
        #expect(seen.sorted() == index.search(Box(minX: 200, minY: 200, maxX: 600, maxY: 600)))
    }
}
