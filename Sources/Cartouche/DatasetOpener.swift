import Datasource
import Style
import Tiles

/// Opens the dataset a `vector` source names: given the source and the style's folder, a
/// `VectorDatasource`. `MapData` takes one so that tests and library users can bring
/// readers of their own; `DatasetOpener.standard` chooses among Cartouche's by the URL.
public typealias DatasetOpener = @Sendable (_ source: Source, _ baseDirectory: String) throws -> any VectorDatasource

public enum Datasets {
    /// Cartouche's readers, chosen by the source's `url` or `tiles`.
    public static let standard: DatasetOpener = { source, baseDirectory in
        // Vector tiles: PMTiles, MBTiles, TileJSON files and tile templates.
        switch source.data {
        case .tiles: return try TileSources.open(source, baseDirectory: baseDirectory)
        case .url(let url) where TileSources.handles(url): return try TileSources.open(source, baseDirectory: baseDirectory)
        default: break
        }
        let what: String
        switch source.data {
        case .url(let url): what = url
        case .tiles(let templates): what = templates.first ?? ""
        case .file(let path): what = path
        case .inline: what = "inline data"
        }
        throw DatasourceError(dataset: what, "no reader for this kind of vector source")
    }
}
