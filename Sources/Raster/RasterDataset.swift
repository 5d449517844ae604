/// What a `raster` or `raster-dem` source reads from, opened once per style.
public enum RasterDataset: Sendable {
    /// Image tiles in Web Mercator.
    case tiles(TiledRaster)
    /// Terrain-RGB tiles.
    case demTiles(DEMTiles)
    /// A raster file in its own CRS: imagery, or for `raster-dem` elevations in metres.
    case file(GDALRaster)

    /// The imagery warped into the target and painted (`raster` layers).
    public func image(_ target: RasterTarget, paint: RasterPaint) throws -> RasterImage {
        var image: RasterImage
        switch self {
        case .tiles(let t): image = try t.render(target, resampling: paint.resampling)
        case .demTiles(let d): image = try d.raster.render(target, resampling: paint.resampling)
        case .file(let f): image = try f.render(target, resampling: paint.resampling)
        }
        paint.apply(to: &image)
        return image
    }

    /// Shaded relief for the target (`hillshade` layers).
    public func hillshade(_ target: RasterTarget, paint: HillshadePaint) throws -> RasterImage {
        switch self {
        case .demTiles(let d): try d.hillshade(target, paint: paint)
        case .file(let f): try f.hillshade(target, paint: paint)
        case .tiles(let t): try DEMTiles(raster: t, encoding: .mapbox).hillshade(target, paint: paint)
        }
    }

    /// Tiles skipped since the last call, for the map's warnings.
    public func takeWarnings() -> [String] {
        switch self {
        case .tiles(let t): t.takeWarnings()
        case .demTiles(let d): d.takeWarnings()
        case .file: []
        }
    }

    /// Whether the images are photographs (JPEG in PDF and SVG) rather than flat colour.
    public var isPhotographic: Bool {
        switch self {
        case .tiles, .file: true
        case .demTiles: false
        }
    }
}
