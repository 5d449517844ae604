/// Where to put a label inside a polygon: the pole of inaccessibility, the interior point
/// farthest from the outline (Mapbox's polylabel). Unlike the centroid it is always inside,
/// even in a C-shaped district or a ring around a lake, and it sits where the label has the
/// most room.
public enum LabelPoint {
    /// At most this many cells are split.
    public static let maxSplits = 10_000

    /// The pole of inaccessibility of a polygon given as rings of interleaved (x, y) points
    /// (the first ring the shell, the rest holes), to within `precision`, and its distance
    /// to the outline (positive inside).
    ///
    /// The bounding box is covered with square cells; the most promising cell (the one whose
    /// centre distance plus half-diagonal is greatest) is split into four, until no cell
    /// can beat the best point by more than `precision`, or `maxSplits` cells were split.
    public static func poleOfInaccessibility(rings: [[Double]], precision: Double = 1) -> (x: Double, y: Double, distance: Double) {
        guard let shell = rings.first, shell.count >= 6 else {
            if let shell = rings.first, shell.count >= 2 { return (shell[0], shell[1], 0) }
            return (0, 0, 0)
        }
        let box = shell.withUnsafeBufferPointer { Box(points: $0) }
        guard box.width > 0, box.height > 0 else { return (shell[0], shell[1], 0) }
        // Cells as large as the shorter side, but not so small that a long thin shape needs
        // millions of them to start.
        let cellSize = max(min(box.width, box.height), (box.width * box.height / 4096).squareRoot())

        func cell(_ x: Double, _ y: Double, _ half: Double) -> Cell {
            let d = signedDistance(x, y, rings)
            return Cell(x: x, y: y, half: half, distance: d, potential: d + half * 2.0.squareRoot())
        }

        var queue = CellQueue()
        var x = box.minX
        while x < box.maxX {
            var y = box.minY
            while y < box.maxY {
                queue.push(cell(x + cellSize / 2, y + cellSize / 2, cellSize / 2))
                y += cellSize
            }
            x += cellSize
        }
        // First guesses: the area centroid (inside most shapes) and the box centre.
        var best = cell(box.centerX, box.centerY, 0)
        if let c = Centroid.polygon(rings) {
            let centroid = cell(c.x, c.y, 0)
            if centroid.distance > best.distance { best = centroid }
        }
        // A bound on the work for shapes with no single best point (a long strip of even
        // width is equally good all along): the best found so far is kept.
        var splits = 0
        while splits < maxSplits, let top = queue.pop() {
            if top.distance > best.distance { best = top }
            if top.potential - best.distance <= precision { continue }
            splits += 1
            let half = top.half / 2
            queue.push(cell(top.x - half, top.y - half, half))
            queue.push(cell(top.x + half, top.y - half, half))
            queue.push(cell(top.x - half, top.y + half, half))
            queue.push(cell(top.x + half, top.y + half, half))
        }
        return (best.x, best.y, best.distance)
    }

    /// Distance from (x, y) to the polygon's outline, positive inside, negative outside
    /// (inside by the even-odd rule, so a point in a hole is outside).
    public static func signedDistance(_ x: Double, _ y: Double, _ rings: [[Double]]) -> Double {
        var inside = false
        var minSquared = Double.infinity
        for ring in rings {
            let n = ring.count / 2
            guard n >= 2 else { continue }
            var j = n - 1
            for i in 0..<n {
                let ax = ring[2 * i], ay = ring[2 * i + 1], bx = ring[2 * j], by = ring[2 * j + 1]
                if (ay > y) != (by > y) && x < (bx - ax) * (y - ay) / (by - ay) + ax { inside.toggle() }
                minSquared = min(minSquared, Simplification.squaredSegmentDistance(x, y, ax, ay, bx, by))
                j = i
            }
        }
        return (inside ? 1 : -1) * minSquared.squareRoot()
    }

    struct Cell {
        var x, y, half, distance, potential: Double
    }

    /// A binary max-heap of cells by potential.
    struct CellQueue {
        private var cells: [Cell] = []

        mutating func push(_ cell: Cell) {
            cells.append(cell)
            var i = cells.count - 1
            while i > 0 {
                let parent = (i - 1) / 2
                guard cells[parent].potential < cells[i].potential else { break }
                cells.swapAt(parent, i)
                i = parent
            }
        }

        mutating func pop() -> Cell? {
            guard !cells.isEmpty else { return nil }
            cells.swapAt(0, cells.count - 1)
            let top = cells.removeLast()
            var i = 0
            while true {
                let left = 2 * i + 1, right = left + 1
                var largest = i
                if left < cells.count && cells[left].potential > cells[largest].potential { largest = left }
                if right < cells.count && cells[right].potential > cells[largest].potential { largest = right }
                guard largest != i else { break }
                cells.swapAt(i, largest)
                i = largest
            }
            return top
        }
    }
}
