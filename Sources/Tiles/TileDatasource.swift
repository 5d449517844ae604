#if canImport(Glibc)
import Glibc
#endif
import Datasource
import Geometry
import Projection
import Style

/// A `vector` source of tiles as a `VectorDatasource`: for each map, the tiles at the zoom
/// MapLibre would choose that cover the map, decoded (or taken from the cache), and their
/// features for one layer stitched into one table in Web Mercator metres.
public final class TileDatasource: VectorDatasource, @unchecked Sendable {
    /// Where the tiles come from.
    public let archive: any TileArchive
    /// The lowest zoom with tiles.
    public let minZoom: Int
    /// The deepest zoom with tiles; closer maps read these tiles overzoomed.
    public let maxZoom: Int
    /// Tiles of `tileSize` CSS pixels: 512 for vector tiles unless the source says otherwise.
    public let tileSize: Double
    /// Tiles are only read inside these bounds (Web Mercator metres).
    public let bounds: Box?
    let cache: TileCache
    /// A map reads at most this many tiles (a 4000 × 4000 pixel map at any zoom reads about 100).
    public static let maxTilesPerMap = 4096

    /// The archive's name.
    public var name: String { archive.name }
    /// The archive's fingerprint.
    public var fingerprint: String { archive.fingerprint }

    /// A datasource over `archive`; zooms and bounds the source does not give come from the
    /// archive's metadata.
    public init(archive: any TileArchive, minZoom: Int? = nil, maxZoom: Int? = nil, tileSize: Double = 512,
                bounds: [Double]? = nil, cache: TileCache = .shared) {
        self.archive = archive
        self.minZoom = minZoom ?? archive.info.minZoom ?? 0
        self.maxZoom = max(self.minZoom, maxZoom ?? archive.info.maxZoom ?? 22)
        self.tileSize = tileSize > 0 ? tileSize : 512
        self.bounds = (bounds ?? archive.info.bounds).flatMap(Self.mercatorBounds)
        self.cache = cache
    }

    /// West, south, east, north degrees as a box in Web Mercator metres.
    static func mercatorBounds(_ b: [Double]) -> Box? {
        guard b.count == 4, b.allSatisfy(\.isFinite), b[0] < b[2], b[1] < b[3] else { return nil }
        func y(_ lat: Double) -> Double {
            let l = max(-85.051129, min(85.051129, lat)) * .pi / 180
            return 6378137 * log(tan(.pi / 4 + l / 2))
        }
        let k = TileID.worldHalf / 180
        return Box(minX: max(-180, b[0]) * k, minY: y(b[1]), maxX: min(180, b[2]) * k, maxY: y(b[3]))
    }

    /// The layers the metadata's `vector_layers` lists; empty when it lists none.
    public var layerNames: [String] { archive.info.vectorLayers?.map(\.id) ?? [] }

    /// Any name is a layer of a tile set that does not list its layers (plain tile
    /// folders): its tiles say which layers they have only when they are read.
    public func layer(named name: String) -> DatasetLayer? {
        if let layers = archive.info.vectorLayers, !layers.isEmpty, !layers.contains(where: { $0.id == name }) { return nil }
        return DatasetLayer(name: name, crs: .webMercator, extent: bounds)
    }

    /// The zoom of the tiles MapLibre draws a map at `zoom` from: the covering zoom of
    /// 512-pixel tiles (rounded down, as for every vector source), capped at `maxzoom`
    /// (overzooming the last level); nil below `minzoom`, where the source shows nothing.
    public func tileZoom(forMapZoom zoom: Double) -> Int? {
        let ideal = (zoom + log2(512 / tileSize)).rounded(.down)
        guard ideal.isFinite else { return nil }
        let z = Int(max(0, min(30, ideal)))
        guard z >= minZoom else { return nil }
        return min(z, maxZoom)
    }

    /// The features of one layer from the tiles covering the query's view (or box) at the
    /// map's level, in Web Mercator metres. Tiles that cannot be decoded are skipped and warned
    /// about; more than `maxTilesPerMap` tiles is an error.
    public func read(_ query: FeatureQuery) throws -> DatasetFeatures {
        guard let z = tileZoom(forMapZoom: query.zoom) else { return DatasetFeatures(table: FeatureTable()) }
        var box = query.view ?? query.box
        if let bounds {
            box = Box(minX: max(box.minX, bounds.minX), minY: max(box.minY, bounds.minY),
                      maxX: min(box.maxX, bounds.maxX), maxY: min(box.maxY, bounds.maxY))
        }
        guard let tiles = TileID.covering(box, zoom: z, limit: Self.maxTilesPerMap) else {
            throw DatasourceError(dataset: name, layer: query.layer,
                                  "the map needs more than \(Self.maxTilesPerMap) tiles at zoom \(z); draw it at a higher zoom or in smaller pieces")
        }
        var table = FeatureTable()
        var warnings: [String] = []
        // Past `maxzoom` a tile is magnified: MapLibre's `overscaling` of its layout.
        let ideal = (query.zoom + log2(512 / tileSize)).rounded(.down)
        let overscaling = pow(2, max(0, min(30, ideal) - Double(z)))
        for tile in tiles {
            switch try decoded(tile) {
            case .decoded(let t):
                if let layer = t.layers[query.layer] {
                    table.append(contentsOf: layer, fromTile: FeatureTiles.Square(box: tile.bounds, overscaling: overscaling))
                }
                warnings += t.warnings.map { "\(name): tile \(tile): \($0)" }
            case .failed(let message):
                warnings.append("\(name): tile \(tile): \(message); the tile is skipped")
            case .missing:
                break
            }
        }
        return DatasetFeatures(table: table, warnings: warnings)
    }

    /// A tile from the cache, or read and decoded. An archive that cannot be read throws;
    /// a tile that does not decode is a `.failed` entry.
    public func decoded(_ tile: TileID) throws -> TileCache.Entry {
        var readError: Error?
        let entry = cache.entry(TileCache.Key(archive: archive.name, tile: tile)) {
            let bytes: [UInt8]?
            do {
                bytes = try archive.data(tile)
            } catch {
                readError = error
                return .failed("\(error)")
            }
            guard let bytes else { return .missing }
            do {
                return .decoded(try bytes.withUnsafeBytes { raw in
                    try VectorTileDecoder(tile: tile).decode(compressedOrNot: raw)
                })
            } catch let error as TileDecodingError {
                return .failed(error.message)
            } catch {
                return .failed("\(error)")
            }
        }
        if let readError { throw readError }
        return entry
    }
}
