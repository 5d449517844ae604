/// The tile of a vector tile set that each feature of a table was read from: MapLibre draws
/// a tile's lines with the tile's buffer and clips them to the tile's square at draw time
/// (its stencil), and places a tile's line labels on the tile's own piece of each line.
/// Tables from other stores have none.
public struct FeatureTiles: Sendable, Equatable {
    /// One tile a table's features came from.
    public struct Square: Sendable, Equatable {
        /// The tile's square, in the table's CRS (Web Mercator metres).
        public var box: Box
        /// How many times the tile is magnified past its own zoom (overzooming past the
        /// source's `maxzoom`): 1, 2, 4...; MapLibre's `overscaling`.
        public var overscaling: Double

        /// A tile's square and how much it is overzoomed.
        public init(box: Box, overscaling: Double) {
            self.box = box
            self.overscaling = overscaling
        }
    }
    /// The tiles.
    public var squares: [Square] = []
    /// Per feature, its tile's index in `squares`; -1 for a feature of no tile.
    public var ofFeature: [Int32] = []

    /// The tile of feature `row`, if it has one.
    @inline(__always) public func square(of row: Int) -> Square? {
        let t = ofFeature[row]
        return t >= 0 ? squares[Int(t)] : nil
    }
}

extension FeatureTable {
    /// Appends the features of one tile, which keep lines past the tile's square (its
    /// buffer): drawing clips them to `square`.
    public mutating func append(contentsOf other: FeatureTable, fromTile square: FeatureTiles.Square) {
        guard !other.isEmpty else { return }
        var tiles = self.tiles ?? FeatureTiles(ofFeature: Array(repeating: -1, count: count))
        tiles.squares.append(square)
        let before = count
        self.tiles = nil
        append(contentsOf: other)
        tiles.ofFeature += Array(repeating: Int32(tiles.squares.count - 1), count: count - before)
        self.tiles = tiles
    }

    /// Gives this table's features, made from `rows` of `table` in that order, their tiles.
    public mutating func keepTiles(of table: FeatureTable, rows: [Int]) {
        guard let from = table.tiles, rows.count == count else { return }
        tiles = FeatureTiles(squares: from.squares, ofFeature: rows.map { from.ofFeature[$0] })
    }

    /// Cuts the lines of tiled features at their tiles' squares and forgets the tiles: for
    /// a table projected to a CRS in which a tile's square is not a square of the map, so
    /// that neighbouring tiles' buffers do not draw over each other.
    public mutating func cutLinesAtTiles() {
        guard let tiles else { return }
        var out = FeatureTable()
        var piece: [Double] = []
        for f in 0..<count {
            let square = tiles.square(of: f)
            let cuts = square != nil && (geometryTypes[f] == .lineString || geometryTypes[f] == .multiLineString)
            var lines = 0
            for p in parts(of: f) {
                for r in rings(of: p) {
                    let pts = points(of: r)
                    if cuts, partKinds[p] == .line, let box = square?.box {
                        piece = Array(coordinates[(2 * pts.lowerBound)..<(2 * pts.upperBound)])
                        piece.withUnsafeBufferPointer { line in
                            Clipping.clipLine(line, to: box) { cut in
                                out.coordinates.append(contentsOf: cut)
                                out.endRing()
                                out.endPart(.line)
                                lines += 1
                            }
                        }
                        continue
                    }
                    out.coordinates.append(contentsOf: coordinates[(2 * pts.lowerBound)..<(2 * pts.upperBound)])
                    out.endRing()
                }
                if !(cuts && partKinds[p] == .line) { out.endPart(partKinds[p]) }
            }
            var type = geometryTypes[f]
            if cuts { type = lines == 0 ? nil : lines == 1 ? .lineString : .multiLineString }
            out.featureStarts.append(Int32(out.partKinds.count))
            out.geometryTypes.append(type)
            out.ids.append(ids[f])
            if let foreign = foreignMembers[f] { out.foreignMembers[f] = foreign }
        }
        out.properties = properties
        self = out
    }
}
