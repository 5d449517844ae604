import Geometry

/// The boxes of placed labels, in a uniform grid so that a query looks only at nearby
/// boxes. Labels are placed in priority order; a later label that would touch an earlier
/// one is dropped.
///
/// `package`: `annotate`'s callout placement (Cartouche) keeps clear of labels with it too.
package struct CollisionIndex {
    private let cellSize: Double
    private let columns: Int
    private let rows: Int
    private var cells: [[Int32]]
    private(set) var boxes: [Box] = []

    package init(width: Double, height: Double, cellSize: Double = 64) {
        self.cellSize = cellSize
        // A margin of cells around the image holds labels that hang over its edge.
        columns = Int((width / cellSize).rounded(.up)) + 8
        rows = Int((height / cellSize).rounded(.up)) + 8
        cells = Array(repeating: [], count: columns * rows)
    }

    private func cellRange(_ box: Box) -> (ClosedRange<Int>, ClosedRange<Int>) {
        func clampX(_ v: Double) -> Int { min(max(Int((v / cellSize).rounded(.down)) + 4, 0), columns - 1) }
        func clampY(_ v: Double) -> Int { min(max(Int((v / cellSize).rounded(.down)) + 4, 0), rows - 1) }
        return (clampX(box.minX)...clampX(box.maxX), clampY(box.minY)...clampY(box.maxY))
    }

    /// True if `box` touches no box placed so far.
    package func isFree(_ box: Box) -> Bool {
        let (xs, ys) = cellRange(box)
        for y in ys {
            for x in xs {
                for i in cells[y * columns + x] where boxes[Int(i)].intersects(box) { return false }
            }
        }
        return true
    }

    package mutating func insert(_ box: Box) {
        let id = Int32(boxes.count)
        boxes.append(box)
        let (xs, ys) = cellRange(box)
        for y in ys {
            for x in xs { cells[y * columns + x].append(id) }
        }
    }
}
