import Datasource
import GDALSource
import Style

extension GDALVectorDataset {
    /// Whether a vector source's `url` names a file or folder (`file:roads.gpkg`,
    /// `file:///data/shp`, `roads.gpkg`) rather than a tile archive, tiles or a database
    /// (`pmtiles://`, `mbtiles://`, `postgresql://`).
    static func isFile(_ url: String) -> Bool {
        url.hasPrefix("file:") || !url.contains("://")
    }

    /// `file:roads.gpkg` as `roads.gpkg`: how messages name a dataset.
    static func displayName(_ url: String) -> String {
        if url.hasPrefix("file://") { return String(url.dropFirst(7)) }
        if url.hasPrefix("file:") { return String(url.dropFirst(5)) }
        return url
    }

    /// The dataset a source names, its path resolved against the style's folder, with the
    /// source's `cartouche:crs` and `cartouche:encoding`; messages name it as the style does.
    convenience init(source: Source, url: String, baseDirectory: String) throws(DatasourceError) {
        let encoding = source.metadata["cartouche:encoding"]
        if let encoding, encoding.stringValue == nil {
            throw DatasourceError(dataset: url, "cartouche:encoding: expected an encoding name such as \"GBK\"")
        }
        try self.init(path: Source.resolvedPath(url, baseDirectory: baseDirectory),
                      name: Self.displayName(url), crs: source.crs, encoding: encoding?.stringValue)
    }
}
