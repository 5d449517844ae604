import Datasource
import GDALSource
import PostGIS
import Style
import Tiles

/// Opens the dataset a `vector` source names: given the source and the style's folder, a
/// `VectorDatasource`. `MapData` takes one so that tests and library users can bring
/// readers of their own; `DatasetOpener.standard` chooses among Cartouche's by the URL.
public typealias DatasetOpener = @Sendable (_ source: Source, _ baseDirectory: String) throws -> any VectorDatasource

/// The dataset openers that come with Cartouche.
public enum Datasets {
    /// Cartouche's readers, chosen by the source's `url` or `tiles`.
    public static let standard: DatasetOpener = { source, baseDirectory in
        // Vector tiles: PMTiles, MBTiles, TileJSON files and tile templates.
        let what: String
        switch source.data {
        case .tiles:
            return try TileSources.open(source, baseDirectory: baseDirectory)
        case .url(let url) where TileSources.handles(url):
            // `pmtiles://`, `mbtiles://`, a TileJSON file.
            return try TileSources.open(source, baseDirectory: baseDirectory)
        case .url(let url) where ConnectionInfo.isConnectionString(url):
            // PostgreSQL: `postgresql://`, `postgres://` or libpq's `key=value` form.
            let settings = try PostGISDatasource.Settings(metadata: source.metadata, crs: source.crs,
                                                          dataset: (try? ConnectionInfo(url).displayName) ?? "postgresql source")
            return try PostGISDatasource.shared(connection: url, settings: settings)
        case .url(let url) where GDALVectorDataset.isFile(url):
            return try SharedDatasets.gdal.dataset(for: source, url: url, baseDirectory: baseDirectory)
        case .url(let url): what = url
        case .file(let path): what = path
        case .inline: what = "inline data"
        }
        throw DatasourceError(dataset: what, "no reader for this kind of vector source")
    }
}
