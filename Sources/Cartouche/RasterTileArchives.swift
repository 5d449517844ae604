import Datasource
import Raster
import Style
import Tiles

/// Raster and terrain tiles from a PMTiles or MBTiles archive, read by the same readers as
/// vector tile archives (`Tiles`), opened for images: an archive of vector tiles is refused
/// by its header or metadata when the source opens.
struct ArchiveTileBytes: TileBytesSource {
    let archive: any TileArchive

    var name: String { archive.name }

    /// `pmtiles://PATH` or `mbtiles://PATH` (relative to `baseDirectory`), or a path ending
    /// in `.pmtiles` or `.mbtiles`; nil for any other URL.
    static func open(_ url: String, baseDirectory: String) throws -> ArchiveTileBytes? {
        let lower = url.lowercased()
        let pmtiles = lower.hasPrefix("pmtiles://") || (!lower.contains("://") && lower.hasSuffix(".pmtiles"))
        let mbtiles = lower.hasPrefix("mbtiles://") || (!lower.contains("://") && lower.hasSuffix(".mbtiles"))
        guard pmtiles || mbtiles else { return nil }
        let rest = lower.hasPrefix("pmtiles://") || lower.hasPrefix("mbtiles://") ? String(url.dropFirst(10)) : url
        let path = Source.resolvedPath(rest, baseDirectory: baseDirectory)
        do {
            return ArchiveTileBytes(archive: pmtiles ? try PMTilesArchive(path: path, content: .raster)
                                                     : try MBTilesArchive(path: path, content: .raster))
        } catch let error as DatasourceError {
            throw RasterError(error.dataset, error.message)
        }
    }

    /// Whether a URL or template names an archive rather than files or a remote server.
    static func names(_ url: String) -> Bool {
        let lower = url.lowercased()
        return lower.hasPrefix("pmtiles://") || lower.hasPrefix("mbtiles://")
    }

    func tileBytes(z: Int, x: Int, y: Int) throws -> [UInt8]? {
        do {
            // An empty blob is no tile, as an empty response is to MapLibre.
            guard let bytes = try archive.data(TileID(z: z, x: x, y: y)), !bytes.isEmpty else { return nil }
            return bytes
        } catch let error as DatasourceError {
            // The readers' messages name the tile already.
            throw RasterError(archive.name, error.message)
        }
    }
}

extension TileSetSummary {
    /// For `cartouche info`: the size of a raster archive's tiles, from one decoded tile
    /// (what a style's `tileSize` should say for the tiles to show at their own resolution).
    public mutating func measureTiles() {
        guard isRaster, let bytes = try? archive.data(sampleTile), !bytes.isEmpty,
              let image = try? ImageDecoder.decode(bytes, name: file) else { return }
        tilePixels = (image.width, image.height)
    }
}
