#if canImport(Glibc)
import Glibc
#endif
import Geometry

// Line labels of vector tiles, laid out per tile as MapLibre's symbol layout lays them out.

/// A line of a tile for labels along it, in device pixels: MapLibre places `line` labels on
/// each tile's piece of a line cut at the tile's square, and keeps only anchors inside it.
struct TilePiece {
    /// The tile's index in the table's `FeatureTiles`.
    var index: Int32
    /// The piece starts on the tile's edge: the line comes in from the neighbour.
    var continued: Bool
    /// The tile's `overscaling` (see `FeatureTiles.Square`).
    var overscaling: Double
    /// The tile's square, in map units.
    var square: Box
    /// Device pixels (of the line as drawn, translation included) → map units.
    var toMap: PixelTransform

    /// Whether the pixel (x, y) lies in the tile, as MapLibre's anchor test: the tile's top
    /// and left edges are in it, its bottom and right edges are not.
    func contains(_ x: Double, _ y: Double) -> Bool {
        let p = toMap.apply(x, y)
        return p.x >= square.minX && p.x < square.maxX && p.y > square.minY && p.y <= square.maxY
    }
}

extension SceneBuilder {
    /// The lines of a tiled feature for `line` labels: each stroked line or ring cut at the
    /// feature's tile's square (rings wound as `lineGeometries` winds them), in device
    /// pixels, each with what MapLibre's anchor spacing needs to know of it.
    func tileLineGeometries(_ table: FeatureTable, _ row: Int, square: FeatureTiles.Square, index: Int32, transform: PixelTransform,
                            translate: (Double, Double), firstLine: [Double]? = nil) -> [(line: [(Double, Double)], tile: TilePiece)] {
        var out: [(line: [(Double, Double)], tile: TilePiece)] = []
        var toMap = transform
        toMap.tx += translate.0
        toMap.ty += translate.1
        toMap = toMap.inverted
        let box = square.box
        let outlined = table.hasSeparateOutline(row)
        for p in table.parts(of: row) where table.isStroked(part: p, of: row, outlined: outlined) {
            for (k, r) in table.rings(of: p).enumerated() {
                var ring = firstLine != nil && out.isEmpty && p == table.parts(of: row).lowerBound && k == 0
                    ? firstLine! : table.points(of: r).flatMap { [table.x($0), table.y($0)] }
                if table.partKinds[p] == .polygon {
                    var area = 0.0
                    let pixels = stride(from: 0, to: ring.count, by: 2).map { transform.apply(ring[$0], ring[$0 + 1]) }
                    for i in pixels.indices.dropLast() { area += (pixels[i + 1].x - pixels[i].x) * (pixels[i].y + pixels[i + 1].y) }
                    if (area > 0) == (k == 0) {
                        ring = stride(from: ring.count - 2, through: 0, by: -2).flatMap { [ring[$0], ring[$0 + 1]] }
                    }
                }
                ring.withUnsafeBufferPointer { line in
                    Clipping.clipLine(line, to: box) { piece in
                        let x0 = piece[0], y0 = piece[1]
                        let continued = x0 == box.minX || x0 == box.maxX || y0 == box.minY || y0 == box.maxY
                        let pixels = stride(from: 0, to: piece.count - 1, by: 2).map { i -> (Double, Double) in
                            let q = transform.apply(piece[i], piece[i + 1])
                            return (q.x + translate.0, q.y + translate.1)
                        }
                        out.append((pixels, TilePiece(index: index, continued: continued, overscaling: square.overscaling, square: box, toMap: toMap)))
                    }
                }
            }
        }
        return out
    }
}

/// The anchors of `line` labels placed so far in each tile, by text: MapLibre keeps a label
/// from repeating within half the spacing of one of the same text in the same tile.
struct RepeatedAnchors {
    private var anchors: [String: [(x: Double, y: Double)]] = [:]

    /// Whether (x, y) is within `distance` of an anchor of `text` in the tile; if not, it
    /// is recorded.
    mutating func tooClose(_ text: String, tile: Int32, _ x: Double, _ y: Double, distance: Double) -> Bool {
        let key = "\(tile)\u{0}\(text)"
        if let others = anchors[key], others.contains(where: { hypot($0.x - x, $0.y - y) < distance }) { return true }
        anchors[key, default: []].append((x, y))
        return false
    }
}

extension SceneBuilder {
    /// MapLibre's `mergeLines` for `line` labels of tiles: in each tile, a line feature whose
    /// first line starts where another of the same text ends (or ends where one starts) is
    /// joined to it, so that labels are spaced along the whole road and not each of its
    /// ways. Returns, by index in `ordered`, the joined first lines (map units) of the
    /// features that took others in, and the features taken in (they place no label).
    func mergedLines(_ table: FeatureTable, _ ordered: [Int], texts: [String?]) -> (lines: [Int: [Double]], absorbed: Set<Int>) {
        guard let tiles = table.tiles else { return ([:], []) }
        var lines: [Int: [Double]] = [:]
        var absorbed = Set<Int>()
        var left: [String: Int] = [:], right: [String: Int] = [:]
        func key(_ tile: Int32, _ text: String, _ line: [Double], end: Bool) -> String {
            let i = end ? line.count - 2 : 0
            return "\(tile)\u{0}\(text)\u{0}\(line[i])\u{0}\(line[i + 1])"
        }
        for (k, row) in ordered.enumerated() {
            let tile = tiles.ofFeature[row]
            guard let text = texts[k], tile >= 0, let type = table.geometryTypes[row], type == .lineString || type == .multiLineString,
                  let part = table.parts(of: row).first, table.partKinds[part] == .line else { continue }
            let points = table.points(of: table.rings(of: part).lowerBound)
            guard points.count >= 2 else { continue }
            let line = points.flatMap { [table.x($0), table.y($0)] }
            let leftKey = key(tile, text, line, end: false), rightKey = key(tile, text, line, end: true)
            // The line joins after `i`'s end: `i` takes it in.
            func mergeFromRight(_ geometry: [Double]) -> Int {
                let i = right.removeValue(forKey: leftKey)!
                right[rightKey] = i
                lines[i] = Array(lines[i]!.dropLast(2)) + geometry
                return i
            }
            // The line joins before `i`'s start.
            func mergeFromLeft(_ geometry: [Double]) -> Int {
                let i = left.removeValue(forKey: rightKey)!
                left[leftKey] = i
                lines[i] = geometry + lines[i]!.dropFirst(2)
                return i
            }
            if let i = right[leftKey], let j = left[rightKey], i != j {
                let j = mergeFromLeft(line)
                let i = mergeFromRight(lines[j]!)
                left.removeValue(forKey: leftKey)
                right.removeValue(forKey: rightKey)
                right[key(tile, text, lines[i]!, end: true)] = i
                lines[j] = nil
                absorbed.insert(j)
                absorbed.insert(k)
                _ = i
            } else if right[leftKey] != nil {
                _ = mergeFromRight(line)
                absorbed.insert(k)
            } else if left[rightKey] != nil {
                _ = mergeFromLeft(line)
                absorbed.insert(k)
            } else {
                lines[k] = line
                left[leftKey] = k
                right[rightKey] = k
            }
        }
        return (lines, absorbed)
    }
}
