/// A line as MapLibre turns it into triangles (its polyline generator): two vertices per
/// line vertex, pushed out along the segment normals or the join's miter, with bevel,
/// flipped-bevel and pie-slice (round) joins and round or square caps made of more
/// vertices. MapLibre blends every triangle into the map on its own, so where a
/// translucent line's triangles overlap (the inside of a sharp turn, a line doubling
/// back on itself) it is darker; `LineMeshRaster` draws these triangles the same way.
struct LineMesh {
    struct Vertex {
        /// The line vertex, device pixels.
        var x: Double
        var y: Double
        /// Extrusion in half-widths (quantised to 1/63 as MapLibre stores it).
        var ex: Double
        var ey: Double
        /// The shader's normal: x 1 on round caps and joins, y ±1 across the line.
        var nx: Double
        var ny: Double
        /// Distance along the line to the line vertex, device pixels (MapLibre's
        /// `linesofar`, by which dashes are laid out).
        var along = 0.0
    }

    var vertices: [Vertex] = []
    /// Vertex indices, three per triangle, in drawing order.
    var triangles: [Int32] = []

    private var e1 = -1, e2 = -1, e3 = -1
    /// The distance along the line given to the vertices being added.
    private var along = 0.0

    private typealias Point = (x: Double, y: Double)

    /// Adds the triangles of one line (`points` x, y interleaved; a closed ring repeats no
    /// point), with MapLibre's join and cap rules.
    /// `distanceStep` (device pixels): MapLibre stores each vertex's distance along the line
    /// rounded down to two tile units, which on an overscaled tile is a pixel or more.
    mutating func add(_ points: [Double], closed: Bool, join: LineJoin, cap: LineCap, miterLimit: Double,
                      roundLimit: Double = 1.05, distanceStep: Double? = nil) {
        var coordinates: [Point] = stride(from: 0, to: points.count - 1, by: 2).map { (points[$0], points[$0 + 1]) }
        // Consecutive duplicates would have no normal.
        var unique: [Point] = []
        for p in coordinates where unique.last.map({ $0 != p }) ?? true { unique.append(p) }
        coordinates = unique
        if closed, let first = coordinates.first {
            if coordinates.count > 1, coordinates.last! == first { coordinates.removeLast() }
            coordinates.append(first)
        }
        let len = coordinates.count
        guard len >= (closed ? 3 : 2) else { return }
        let miterLimit = join == .bevel ? 1.05 : miterLimit
        let beginCap = closed ? LineCap.butt : cap, endCap = closed ? LineCap.butt : cap

        func unit(_ p: Point) -> Point {
            let m = (p.x * p.x + p.y * p.y).squareRoot()
            return m > 0 ? (p.x / m, p.y / m) : (0, 0)
        }
        // MapLibre's perp: (x, y) → (−y, x).
        func perp(_ p: Point) -> Point { (-p.y, p.x) }
        func sub(_ a: Point, _ b: Point) -> Point { (a.x - b.x, a.y - b.y) }
        func add(_ a: Point, _ b: Point) -> Point { (a.x + b.x, a.y + b.y) }
        func scale(_ a: Point, _ k: Double) -> Point { (a.x * k, a.y * k) }
        func mag(_ a: Point) -> Double { (a.x * a.x + a.y * a.y).squareRoot() }

        var startOfLine = true
        var current: Point?
        var previous: Point?
        var prevNormal: Point?
        var nextNormal: Point?
        e1 = -1; e2 = -1; e3 = -1
        var distance = 0.0
        if closed {
            current = coordinates[len - 2]
            nextNormal = perp(unit(sub(coordinates[0], current!)))
        }
        for i in 0..<len {
            let next: Point? = closed && i == len - 1 ? coordinates[1] : i + 1 < len ? coordinates[i + 1] : nil
            if let next, coordinates[i] == next { continue }
            if let n = nextNormal { prevNormal = n }
            if let c = current { previous = c }
            let vertex = coordinates[i]
            current = vertex
            if let previous { distance += mag(sub(vertex, previous)) }
            if let step = distanceStep, step > 0 {
                along = (distance / step).rounded(.down) * step
            } else {
                along = distance
            }
            nextNormal = next.map { perp(unit(sub($0, vertex))) } ?? prevNormal
            if prevNormal == nil { prevNormal = nextNormal }
            guard let pn = prevNormal, let nn = nextNormal else { continue }
            var joinNormal = add(pn, nn)
            if joinNormal.x != 0 || joinNormal.y != 0 { joinNormal = unit(joinNormal) }
            let cosAngle = pn.x * nn.x + pn.y * nn.y
            let cosHalfAngle = joinNormal.x * nn.x + joinNormal.y * nn.y
            let miterLength = cosHalfAngle != 0 ? 1 / cosHalfAngle : .infinity
            let approxAngle = 2 * (2 - 2 * cosHalfAngle).squareRoot()
            let middle = previous != nil && next != nil
            enum Join { case miter, bevel, flipBevel, round, fakeRound }
            var currentJoin: Join = join == .miter ? .miter : join == .bevel ? .bevel : .round
            let currentCap = next != nil ? beginCap : endCap
            if middle {
                if currentJoin == .round {
                    if miterLength < roundLimit { currentJoin = .miter } else if miterLength <= 2 { currentJoin = .fakeRound }
                }
                if currentJoin == .miter && miterLength > miterLimit { currentJoin = .bevel }
                if currentJoin == .bevel {
                    if miterLength > 2 { currentJoin = .flipBevel }
                    if miterLength < miterLimit { currentJoin = .miter }
                }
            }
            if middle && currentJoin == .miter {
                addVertex(vertex, scale(joinNormal, miterLength), 0, 0, round: false)
            } else if middle && currentJoin == .flipBevel {
                if miterLength > 100 {
                    joinNormal = scale(nn, -1)
                } else {
                    let direction: Double = pn.x * nn.y - pn.y * nn.x > 0 ? -1 : 1
                    let bevelLength = miterLength * mag(add(pn, nn)) / mag(sub(pn, nn))
                    joinNormal = scale(perp(joinNormal), bevelLength * direction)
                }
                addVertex(vertex, joinNormal, 0, 0, round: false)
                addVertex(vertex, scale(joinNormal, -1), 0, 0, round: false)
            } else if middle && (currentJoin == .bevel || currentJoin == .fakeRound) {
                let turnsLeft = pn.x * nn.y - pn.y * nn.x > 0
                let offset = -(miterLength * miterLength - 1).squareRoot()
                let (offsetA, offsetB) = turnsLeft ? (offset, 0.0) : (0.0, offset)
                if !startOfLine { addVertex(vertex, pn, offsetA, offsetB, round: false) }
                if currentJoin == .fakeRound {
                    let n = Int((approxAngle * 180 / .pi / 20).rounded())
                    if n > 1 {
                        for m in 1..<n {
                            var t = Double(m) / Double(n)
                            if t != 0.5 {
                                // MapLibre's approximate spherical interpolation.
                                let t2 = t - 0.5
                                let a = 1.0904 + cosAngle * (-3.2452 + cosAngle * (3.55645 - cosAngle * 1.43519))
                                let b = 0.848013 + cosAngle * (-1.06021 + cosAngle * 0.215638)
                                t = t + t * t2 * (t - 1) * (a * t2 * t2 + b)
                            }
                            addPieSlice(vertex, unit(add(scale(pn, 1 - t), scale(nn, t))), turnsLeft: turnsLeft)
                        }
                    }
                }
                if next != nil { addVertex(vertex, nn, -offsetA, -offsetB, round: false) }
            } else if !middle && currentCap == .butt {
                if !startOfLine { addVertex(vertex, pn, 0, 0, round: false) }
                if next != nil { addVertex(vertex, nn, 0, 0, round: false) }
            } else if !middle && currentCap == .square {
                if !startOfLine {
                    addVertex(vertex, pn, 1, 1, round: false)
                    e1 = -1; e2 = -1
                }
                if next != nil { addVertex(vertex, nn, -1, -1, round: false) }
            } else if middle ? currentJoin == .round : currentCap == .round {
                if !startOfLine {
                    addVertex(vertex, pn, 0, 0, round: false)
                    addVertex(vertex, pn, 1, 1, round: true)
                    e1 = -1; e2 = -1
                }
                if next != nil {
                    addVertex(vertex, nn, -1, -1, round: true)
                    addVertex(vertex, nn, 0, 0, round: false)
                }
            }
            startOfLine = false
        }
    }

    /// MapLibre stores extrusions as bytes, 63 to a half-width.
    private static func quantised(_ v: Double) -> Double { (v * 63).rounded() / 63 }

    private mutating func push(_ p: Point, _ extrude: Point, round: Bool, up: Bool) {
        vertices.append(Vertex(x: p.x, y: p.y, ex: Self.quantised(extrude.x), ey: Self.quantised(extrude.y),
                               nx: round ? 1 : 0, ny: up ? 1 : -1, along: along))
        e3 = vertices.count - 1
        if e1 >= 0 && e2 >= 0 { triangles += [Int32(e1), Int32(e2), Int32(e3)] }
    }

    private mutating func addVertex(_ p: Point, _ normal: Point, _ endLeft: Double, _ endRight: Double, round: Bool) {
        // perp(normal) = (−normal.y, normal.x): along the line.
        var extrude = normal
        if endLeft != 0 { extrude = (extrude.x + normal.y * endLeft, extrude.y - normal.x * endLeft) }
        push(p, extrude, round: round, up: false)
        e1 = e2; e2 = e3
        extrude = (-normal.x, -normal.y)
        if endRight != 0 { extrude = (extrude.x + normal.y * endRight, extrude.y - normal.x * endRight) }
        push(p, extrude, round: round, up: true)
        e1 = e2; e2 = e3
    }

    private mutating func addPieSlice(_ p: Point, _ extrude: Point, turnsLeft: Bool) {
        let flipped = turnsLeft ? (-extrude.x, -extrude.y) : extrude
        push(p, flipped, round: false, up: turnsLeft)
        if turnsLeft { e2 = e3 } else { e1 = e3 }
    }
}
