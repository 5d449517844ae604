import Cartouche
import Geometry
import JSON
import Tiles

/// A raster tile pyramid to pre-render: the tiles of `zooms` that touch a longitude/latitude
/// box, drawn a metatile at a time on all cores and stored in a `TileSink`.
public struct TilePyramid: Sendable {
    /// The longitude/latitude box the tiles must cover.
    public var bounds: Box
    /// The zoom levels to render.
    public var zooms: ClosedRange<Int>
    /// Tiles on a side of each metatile.
    public var metatileSize: Int
    /// Device pixels per CSS pixel: 2 makes 512-pixel tiles for high-density screens.
    public var scale: Int

    /// A pyramid; throws when the box is not in degrees with min < max or a zoom is out of
    /// 0 to `TileID.maxZoom`.
    public init(bounds: Box, zooms: ClosedRange<Int>, metatileSize: Int = 4, scale: Int = 1) throws {
        guard !bounds.isEmpty, bounds.minX >= -180, bounds.maxX <= 180, bounds.minY >= -90, bounds.maxY <= 90 else {
            throw TilesError("bounds: expected minLon,minLat,maxLon,maxLat with min < max, in degrees, found \(bounds)", setting: .tileBounds)
        }
        guard zooms.lowerBound >= 0, zooms.upperBound <= TileID.maxZoom else {
            throw TilesError("zooms: expected zooms from 0 to \(TileID.maxZoom), found \(zooms.lowerBound)-\(zooms.upperBound)", setting: .tileZooms)
        }
        self.bounds = bounds
        self.zooms = zooms
        self.metatileSize = metatileSize
        self.scale = scale
    }

    /// The tiles at one zoom.
    public func tiles(z: Int) -> [TileID] {
        let r = TileGrid.range(of: bounds, z: z)
        return r.y.flatMap { y in r.x.map { x in TileID(z: z, x: x, y: y) } }
    }

    /// Metatiles, zoom by zoom, each with the tiles of it that are wanted (a metatile at the
    /// box's edge is drawn whole but only its tiles inside the box are kept).
    public func metatiles() -> [(Metatile, Set<TileID>)] {
        var out: [(Metatile, Set<TileID>)] = []
        for z in zooms {
            var order: [Metatile] = []
            var wanted: [Metatile: Set<TileID>] = [:]
            for t in tiles(z: z) {
                let m = Metatile(containing: t, size: metatileSize)
                if wanted[m] == nil { order.append(m) }
                wanted[m, default: []].insert(t)
            }
            out += order.map { ($0, wanted[$0]!) }
        }
        return out
    }

    /// The number of tiles in all zooms.
    public var tileCount: Int { zooms.reduce(0) { $0 + tiles(z: $1).count } }

    /// What a run did.
    public struct Report: Sendable {
        /// Metatiles drawn.
        public var metatilesRendered = 0
        /// Metatiles skipped as complete (`resume`).
        public var metatilesSkipped = 0
        /// Tiles stored.
        public var tilesWritten = 0
        /// Wall time of the run.
        public var seconds = 0.0
        /// The metatiles' warnings, each once, with the first metatile (z/x/y) that gave it.
        public var warnings: [String] = []
    }

    /// Renders this shard's metatiles (every Nth, as batch shards jobs) into `sink`.
    /// With `resume`, a metatile whose tiles are all stored is skipped.
    public func render(with renderer: MetatileRenderer, into sink: any TileSink, shard: Shard? = nil, resume: Bool,
                       metadata: TilesetMetadata, progress: ((Int, Int) -> Void)? = nil) throws -> Report {
        let start = DispatchTime.now().uptimeNanoseconds
        var report = Report()
        var seenWarnings: Set<String> = []
        let all = metatiles()
        let mine = shard.map { $0.select(all) } ?? all
        var todo: [(Metatile, Set<TileID>)] = []
        for item in mine {
            if resume, try item.1.allSatisfy({ try sink.contains($0) }) {
                report.metatilesSkipped += 1
            } else {
                todo.append(item)
            }
        }
        // Projected once, before the cores start.
        _ = try renderer.renderer.data.projected(to: .webMercator)
        let chunk = max(1, Parallel.cores * 2)
        for start in stride(from: 0, to: todo.count, by: chunk) {
            let part = Array(todo[start..<min(todo.count, start + chunk)])
            let rendered = try Parallel.map(part.count) { i in
                try Parallel.sequentially { try renderer.render(part[i].0, scale: scale) }
            }
            for (i, drawn) in rendered.enumerated() {
                let tiles = drawn.tiles.filter { part[i].1.contains($0.0) }
                try sink.write(tiles)
                report.tilesWritten += tiles.count
                for warning in drawn.warnings where !seenWarnings.contains(warning) {
                    seenWarnings.insert(warning)
                    let m = part[i].0
                    report.warnings.append("metatile \(m.z)/\(m.x)/\(m.y): \(warning)")
                }
            }
            report.metatilesRendered += part.count
            progress?(report.metatilesRendered + report.metatilesSkipped, mine.count)
        }
        try sink.finish(metadata: metadata)
        report.seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        return report
    }
}

import Dispatch
