import Geometry

/// Turns one feature's geometry commands (MoveTo, LineTo, ClosePath with zigzag deltas)
/// into parts of a `FeatureTable`, in Web Mercator metres: points and polygons clipped to the
/// tile's square, lines with the tile's buffer.
/// Scratch buffers are kept between features of a layer.
struct GeometryBuilder {
    let extent: Double
    let originX: Double
    let originY: Double
    let scale: Double
    let square: Box
    private var paths: [[Double]] = []
    private var pathCount = 0
    private var clipped: [Double] = []
    /// The outlines of the polygon rings of the current feature, without the edges the
    /// clipping made along the tile's border; added as line parts when any ring was cut.
    private var outlines: [[Double]] = []
    private var outlineCount = 0
    private var cut = false

    init(tile: TileID, extent: Double) {
        self.extent = extent
        let bounds = tile.bounds
        originX = bounds.minX
        originY = bounds.maxY
        scale = bounds.width / extent
        square = Box(minX: 0, minY: 0, maxX: extent, maxY: extent)
    }

    /// Adds the parts of one feature to the open feature of `table`; returns its geometry
    /// type, or nil (with nothing added) when nothing of it lies in the tile.
    mutating func add(_ reader: ProtobufReader, type: UInt64, to table: inout FeatureTable) throws -> GeometryType? {
        try readPaths(reader)
        switch type {
        case 1: return addPoints(to: &table)
        case 2: return addLines(to: &table)
        default: return addPolygons(to: &table)
        }
    }

    private mutating func readPaths(_ reader: ProtobufReader) throws {
        var r = reader
        pathCount = 0
        var x: Int64 = 0, y: Int64 = 0
        var open = false
        while !r.atEnd {
            let command = try r.varint()
            let id = command & 7, count = command >> 3
            switch id {
            case 1, 2:
                // Each parameter pair takes at least two bytes.
                guard count <= UInt64(r.end - r.position) / 2 else {
                    throw ProtobufReader.Malformed(message: "command count \(count) overruns the geometry (\(r.end - r.position) bytes left)")
                }
                if id == 2 && !open { throw ProtobufReader.Malformed(message: "LineTo before any MoveTo") }
                for _ in 0..<count {
                    x &+= ProtobufReader.zigzag(try r.varint())
                    y &+= ProtobufReader.zigzag(try r.varint())
                    if id == 1 { startPath() }
                    paths[pathCount - 1].append(Double(x))
                    paths[pathCount - 1].append(Double(y))
                }
                open = true
            case 7:
                guard open, pathCount > 0 else { throw ProtobufReader.Malformed(message: "ClosePath before any MoveTo") }
                let p = paths[pathCount - 1]
                if p.count >= 2 { paths[pathCount - 1].append(contentsOf: p[0..<2]) }
            default:
                throw ProtobufReader.Malformed(message: "unknown geometry command \(id)")
            }
        }
    }

    private mutating func startPath() {
        if pathCount == paths.count { paths.append([]) }
        paths[pathCount].removeAll(keepingCapacity: true)
        pathCount += 1
    }

    private func append(_ points: UnsafeBufferPointer<Double>, to table: inout FeatureTable) {
        var i = 0
        while i + 1 < points.count {
            table.addPoint(x: originX + points[i] * scale, y: originY - points[i + 1] * scale)
            i += 2
        }
    }

    /// Points outside the square belong to the neighbour that has them inside.
    private mutating func addPoints(to table: inout FeatureTable) -> GeometryType? {
        var kept = 0
        for p in 0..<pathCount {
            let path = paths[p]
            var i = 0
            while i + 1 < path.count {
                let x = path[i], y = path[i + 1]
                if x >= 0 && x < extent && y >= 0 && y < extent {
                    table.addPoint(x: originX + x * scale, y: originY - y * scale)
                    kept += 1
                }
                i += 2
            }
        }
        guard kept > 0 else { return nil }
        table.endRing()
        table.endPart(.point)
        return kept == 1 ? .point : .multiPoint
    }

    /// Lines keep the tile's buffer, as MapLibre keeps it: drawing clips each tile's lines
    /// to its square, so that joins and wide lines just past the edge are whole.
    private mutating func addLines(to table: inout FeatureTable) -> GeometryType? {
        var parts = 0
        for p in 0..<pathCount where paths[p].count >= 4 {
            paths[p].withUnsafeBufferPointer { append($0, to: &table) }
            table.endRing()
            table.endPart(.line)
            parts += 1
        }
        guard parts > 0 else { return nil }
        return parts == 1 ? .lineString : .multiLineString
    }

    /// Rings are grouped into polygons as MapLibre's `classifyRings` does: a ring wound
    /// like the first ring starts a polygon, one wound the other way is a hole in it, and
    /// rings without area are dropped.
    private mutating func addPolygons(to table: inout FeatureTable) -> GeometryType? {
        outlineCount = 0
        cut = false
        defer { addOutlines(to: &table) }
        var parts = 0
        var firstIsNegative: Bool?
        var outerKept = false
        var inPolygon = false
        for p in 0..<pathCount {
            let area = Self.signedArea(paths[p])
            guard area != 0 else { continue }
            if firstIsNegative == nil { firstIsNegative = area < 0 }
            let isOuter = (area < 0) == firstIsNegative
            if isOuter {
                if inPolygon && outerKept {
                    table.endPart(.polygon)
                    parts += 1
                }
                inPolygon = true
                outerKept = clipRing(p, to: &table)
            } else if outerKept {
                _ = clipRing(p, to: &table)
            }
        }
        if inPolygon && outerKept {
            table.endPart(.polygon)
            parts += 1
        }
        guard parts > 0 else { return nil }
        return parts == 1 ? .polygon : .multiPolygon
    }

    private mutating func clipRing(_ p: Int, to table: inout FeatureTable) -> Bool {
        clipped.removeAll(keepingCapacity: true)
        paths[p].withUnsafeBufferPointer { Clipping.clipRing($0, to: square, into: &clipped) }
        guard clipped.count >= 8 else { return false }
        clipped.withUnsafeBufferPointer { append($0, to: &table) }
        table.endRing()
        keepOutline()
        return true
    }

    /// Whether the edge from point i to point j of `clipped` runs along the tile's border
    /// (clipped points lie exactly on it).
    private func onBorder(_ i: Int, _ j: Int) -> Bool {
        let x0 = clipped[2 * i], y0 = clipped[2 * i + 1], x1 = clipped[2 * j], y1 = clipped[2 * j + 1]
        return (x0 == x1 && (x0 == 0 || x0 == extent)) || (y0 == y1 && (y0 == 0 || y0 == extent))
    }

    /// Splits the clipped ring into the runs of its edges that are not on the border.
    private mutating func keepOutline() {
        let n = clipped.count / 2 - 1  // edges of the closed ring
        guard let firstCut = (0..<n).first(where: { onBorder($0, $0 + 1) }) else {
            startOutline()
            outlines[outlineCount - 1].append(contentsOf: clipped)
            return
        }
        cut = true
        var open = false
        for k in 1...n {
            let i = (firstCut + k) % n
            if onBorder(i, i + 1) {
                open = false
                continue
            }
            if !open {
                startOutline()
                outlines[outlineCount - 1].append(contentsOf: clipped[(2 * i)..<(2 * i + 2)])
                open = true
            }
            outlines[outlineCount - 1].append(contentsOf: clipped[(2 * i + 2)..<(2 * i + 4)])
        }
    }

    private mutating func startOutline() {
        if outlineCount == outlines.count { outlines.append([]) }
        outlines[outlineCount].removeAll(keepingCapacity: true)
        outlineCount += 1
    }

    /// A polygon that the tile's edge cut also gets its outline as line parts, after its
    /// polygon parts: fills fill the polygons and line layers stroke the outlines, so that
    /// the cut does not show as a line along the tile's edge (MapLibre hides it with each
    /// tile's stencil).
    private mutating func addOutlines(to table: inout FeatureTable) {
        guard cut, table.partKinds.count > Int(table.featureStarts.last!) else { return }
        for o in 0..<outlineCount where outlines[o].count >= 4 {
            outlines[o].withUnsafeBufferPointer { append($0, to: &table) }
            table.endRing()
            table.endPart(.line)
        }
    }

    /// Twice the signed area, by the shoelace formula MapLibre uses.
    static func signedArea(_ ring: [Double]) -> Double {
        let n = ring.count / 2
        guard n >= 3 else { return 0 }
        var sum = 0.0
        var j = n - 1
        for i in 0..<n {
            sum += (ring[2 * j] - ring[2 * i]) * (ring[2 * i + 1] + ring[2 * j + 1])
            j = i
        }
        return sum
    }
}
