/// Where to put a label inside a polygon: the pole of inaccessibility (the interior point
/// farthest from the outline, found by the quadtree search of Mapbox's polylabel), and
/// helpers for line labels.
public enum LabelPoint {
    /// The pole of inaccessibility of a polygon given as rings of interleaved (x, y) points
    /// (the first ring the shell, the rest holes), to within `precision`.
    public static func poleOfInaccessibility(rings: [[Double]], precision: Double = 1) -> (x: Double, y: Double, distance: Double) {
        var box = Box.empty
        guard let shell = rings.first, shell.count >= 6 else {
            if let shell = rings.first, shell.count >= 2 { return (shell[0], shell[1], 0) }
            return (0, 0, 0)
        }
        var i = 0
        while i < shell.count {
            box.extend(x: shell[i], y: shell[i + 1])
            i += 2
        }
        let cellSize = min(box.width, box.height)
        if cellSize == 0 { return (box.minX, box.minY, 0) }
        var h = cellSize / 2

        struct Cell {
            let x, y, h, d, max: Double
            init(_ x: Double, _ y: Double, _ h: Double, _ rings: [[Double]]) {
                self.x = x
                self.y = y
                self.h = h
                d = LabelPoint.signedDistance(x, y, rings)
                max = d + h * 2.0.squareRoot()
            }
        }
        var queue: [Cell] = []
        var x = box.minX
        while x < box.maxX {
            var y = box.minY
            while y < box.maxY {
                queue.append(Cell(x + h, y + h, h, rings))
                y += cellSize
            }
            x += cellSize
        }
        // Start from the centroid, and from the box centre.
        let c = centroid(shell)
        var best = Cell(c.x, c.y, 0, rings)
        let boxCell = Cell(box.centerX, box.centerY, 0, rings)
        if boxCell.d > best.d { best = boxCell }
        var iterations = 0
        while !queue.isEmpty, iterations < 10_000 {
            iterations += 1
            // Take the cell with the highest potential.
            var top = 0
            for k in 1..<queue.count where queue[k].max > queue[top].max { top = k }
            queue.swapAt(top, queue.count - 1)
            let cell = queue.removeLast()
            if cell.d > best.d { best = cell }
            if cell.max - best.d <= precision { continue }
            h = cell.h / 2
            queue.append(Cell(cell.x - h, cell.y - h, h, rings))
            queue.append(Cell(cell.x + h, cell.y - h, h, rings))
            queue.append(Cell(cell.x - h, cell.y + h, h, rings))
            queue.append(Cell(cell.x + h, cell.y + h, h, rings))
        }
        return (best.x, best.y, best.d)
    }

    /// Distance from (x, y) to the polygon outline, positive inside, negative outside.
    public static func signedDistance(_ x: Double, _ y: Double, _ rings: [[Double]]) -> Double {
        var inside = false
        var minSq = Double.infinity
        for ring in rings {
            let n = ring.count / 2
            guard n >= 2 else { continue }
            var j = n - 1
            for i in 0..<n {
                let ax = ring[2 * i], ay = ring[2 * i + 1], bx = ring[2 * j], by = ring[2 * j + 1]
                if (ay > y) != (by > y) && x < (bx - ax) * (y - ay) / (by - ay) + ax { inside.toggle() }
                minSq = min(minSq, Simplification.squaredSegmentDistance(x, y, ax, ay, bx, by))
                j = i
            }
        }
        return (inside ? 1 : -1) * minSq.squareRoot()
    }

    /// The area centroid of a ring (the first vertex for a degenerate ring).
    public static func centroid(_ ring: [Double]) -> (x: Double, y: Double) {
        let n = ring.count / 2
        guard n > 0 else { return (0, 0) }
        var area = 0.0, cx = 0.0, cy = 0.0
        var j = n - 1
        for i in 0..<n {
            let ax = ring[2 * i], ay = ring[2 * i + 1], bx = ring[2 * j], by = ring[2 * j + 1]
            let f = ax * by - bx * ay
            cx += (ax + bx) * f
            cy += (ay + by) * f
            area += f * 3
            j = i
        }
        return area == 0 ? (ring[0], ring[1]) : (cx / area, cy / area)
    }
}
