import CGDAL
import Datasource
import Foundation
import Geometry
import Projection

/// A vector dataset GDAL opens (GeoPackage, Shapefile or a folder of them, FlatGeobuf, File
/// Geodatabase, GeoJSONSeq, KML, GPX, CSV, ...), read per map by extent through the layer's
/// spatial index, with only the fields the style reads.
public final class GDALVectorDataset: VectorDatasource, @unchecked Sendable {
    /// The dataset as messages name it: its path.
    public let name: String
    /// The file or folder GDAL opened.
    public let path: String
    /// Every layer's CRS, extent, geometry type and fields, read when the dataset was opened.
    public let layers: [GDALLayerInfo]
    /// The driver's short name ("GPKG", "ESRI Shapefile", "FlatGeobuf").
    public let driver: String
    /// The sizes and modification times of the dataset's files, for `--resume`.
    public let fingerprint: String
    private let byName: [String: Int]
    private let pool: GDALHandlePool

    /// Opens `path`. `crs` (the source's `cartouche:crs`) overrides the dataset's own CRS;
    /// `encoding` (`cartouche:encoding`) the text encoding a Shapefile's `.cpg` or language
    /// driver id declares. Every layer with geometry must have a CRS one way or the other.
    /// `requireCRS: false` (for `cartouche info`) opens layers that have none.
    public init(path: String, name: String? = nil, crs: String? = nil, encoding: String? = nil,
                requireCRS: Bool = true) throws(DatasourceError) {
        let shown = name ?? path
        if let failure = GDALRuntime.failure { throw DatasourceError(dataset: shown, failure) }
        self.name = shown
        self.path = path
        func fail(_ message: String) -> DatasourceError { DatasourceError(dataset: shown, message) }
        func fail(_ layer: String, _ message: String) -> DatasourceError { DatasourceError(dataset: shown, layer: layer, message) }
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            throw fail("no such file or folder")
        }
        var crsOverride: CRS?
        if let crs {
            do { crsOverride = try CRS(crs) } catch { throw fail("cartouche:crs \"\(crs)\": \(error)") }
        }
        if let encoding, !TextDecoder.isKnown(encoding) {
            throw fail("cartouche:encoding \"\(encoding)\" is not an encoding iconv knows (try GBK, GB18030, UTF-8, CP1252)")
        }
        var handle: GDALDatasetH
        do { handle = try Self.open(path, options: [], isFolder: isFolder.boolValue) } catch { throw fail(error.message) }
        driver = GDALGetDriverShortName(GDALGetDatasetDriver(handle)).map { String(cString: $0) } ?? "?"
        // Shapefiles: the encoding each layer declares (.cpg, language driver id) or the
        // style's, and then the bytes as stored, which `TextDecoder` decodes.
        var declared: [String: String] = [:]
        var options: [String] = []
        if driver == "ESRI Shapefile" {
            for i in 0..<GDALDatasetGetLayerCount(handle) {
                guard let layer = GDALDatasetGetLayer(handle, i) else { continue }
                let own = GDALGetMetadataItem(layer, "SOURCE_ENCODING", "SHAPEFILE").map { String(cString: $0) } ?? ""
                declared[String(cString: OGR_L_GetName(layer))] = encoding ?? own
            }
            options = ["ENCODING="]
            GDALClose(handle)
            do { handle = try Self.open(path, options: options, isFolder: isFolder.boolValue) } catch { throw fail(error.message) }
        } else if encoding != nil {
            GDALClose(handle)
            throw fail("cartouche:encoding applies to Shapefiles; \(driver) datasets declare their own encoding")
        }
        pool = GDALHandlePool(first: handle, open: { () throws(GDALSourceError) -> GDALDatasetH in
            try Self.open(path, options: options, isFolder: isFolder.boolValue)
        })
        var layers: [GDALLayerInfo] = []
        for i in 0..<GDALDatasetGetLayerCount(handle) {
            guard let layer = GDALDatasetGetLayer(handle, i) else { continue }
            // Tables without geometry (a GeoPackage's attribute tables, QGIS's layer_styles)
            // are not layers a map can draw.
            guard OGR_FD_GetGeomFieldCount(OGR_L_GetLayerDefn(layer)) > 0 else { continue }
            let layerName = String(cString: OGR_L_GetName(layer))
            GDALRuntime.reset()
            var info: GDALLayerInfo
            do { info = try GDALLayerInfo(layer: layer, crsOverride: crsOverride) } catch { throw fail(layerName, error.message) }
            info.textEncoding = declared[layerName]
            if driver == "ESRI Shapefile", info.fields.isEmpty, let dbf = Self.sibling(of: path, layer: layerName, isFolder: isFolder.boolValue, ext: "dbf"),
               ((try? FileManager.default.attributesOfItem(atPath: dbf)[.size] as? NSNumber)?.intValue ?? 0) > 0 {
                // GDAL opens a Shapefile whose .dbf it cannot read as one without attributes.
                throw fail(layerName, "\((dbf as NSString).lastPathComponent) is not a dBASE file GDAL can read (corrupt header?)")
            }
            if requireCRS && info.crs == nil {
                throw fail(layerName, "no CRS (no .prj or spatial reference in the dataset); say which with \"metadata\": {\"cartouche:crs\": \"EPSG:4547\"} on the source")
            }
            layers.append(info)
        }
        if layers.isEmpty {
            throw fail(isFolder.boolValue ? "a folder GDAL reads as \(driver) but with no layers with geometry" : "no layers with geometry")
        }
        self.layers = layers
        byName = Dictionary(layers.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { a, _ in a })
        fingerprint = Self.fingerprint(of: path)
    }

    private static func open(_ path: String, options: [String], isFolder: Bool) throws(GDALSourceError) -> GDALDatasetH {
        GDALRuntime.reset()
        let flags = UInt32(GDAL_OF_VECTOR | GDAL_OF_READONLY | GDAL_OF_VERBOSE_ERROR)
        let handle = withConstCStringList(options) { GDALOpenEx(path, flags, nil, $0, nil) }
        guard let handle else {
            let reason = GDALRuntime.lastFailure ?? "GDAL cannot open it"
            let known = "not recognized as a supported file format"
            if reason.contains(known) || reason.contains("not recognised") {
                throw GDALSourceError(isFolder ? "a folder with no datasets GDAL reads (Shapefiles, ...)" : "not a vector dataset GDAL reads (GeoPackage, Shapefile, FlatGeobuf, ...)")
            }
            throw GDALSourceError(reason)
        }
        // A CSV's empty cell is a missing value (as a GeoJSON feature without the key), not an
        // empty string; its WKT column is the geometry, not a property as well.
        if let driver = GDALGetDatasetDriver(handle), String(cString: GDALGetDriverShortName(driver)) == "CSV",
           !options.contains(where: { $0.hasPrefix("EMPTY_STRING_AS_NULL") }) {
            GDALClose(handle)
            return try open(path, options: options + ["EMPTY_STRING_AS_NULL=YES", "KEEP_GEOM_COLUMNS=NO"], isFolder: isFolder)
        }
        return handle
    }

    /// The `.dbf` (or another part) of a Shapefile layer, if it exists.
    private static func sibling(of path: String, layer: String, isFolder: Bool, ext: String) -> String? {
        let base = isFolder ? "\(path)/\(layer)" : (path as NSString).deletingPathExtension
        return [ext, ext.uppercased()].map { "\(base).\($0)" }.first { FileManager.default.fileExists(atPath: $0) }
    }

    /// The layers' names, in GDAL's order.
    public var layerNames: [String] { layers.map(\.name) }

    /// Files do not change under a run: what one map read, the next may reuse (the cache of
    /// `MapData` keeps recent reads for neighbouring atlas pages).
    public var readsMayBeReused: Bool { true }

    /// The reads that went to GDAL.
    public var readsFromDisk: Int { diskReads.value }
    private let diskReads = Counter()

    /// How features come over from GDAL: in Arrow batches (`OGR_L_GetArrowStream`, the
    /// default, about 1.5 times as fast on large reads) where the layer's fields allow, or
    /// one at a time (`OGR_L_GetNextFeature`). The benchmark compares them.
    public enum ReadPath: Sendable, Hashable {
        /// `features`: one feature at a time; `arrow`: in Arrow batches.
        case features, arrow
    }
    /// The way features are read; Arrow unless a benchmark sets it.
    public nonisolated(unsafe) var readPath: ReadPath = .arrow

    /// The layer's name, CRS and extent; nil when there is no such layer or it has no CRS
    /// (a source's `cartouche:crs` gives one).
    public func layer(named name: String) -> DatasetLayer? {
        guard let i = byName[name], let crs = layers[i].crs else { return nil }
        return DatasetLayer(name: name, crs: crs, extent: layers[i].extent)
    }

    /// The number of features of a layer (`cartouche info`).
    public func featureCount(of layer: String) throws -> Int {
        try pool.with { handle in
            GDALRuntime.reset()
            guard let l = GDALDatasetGetLayerByName(handle, layer) else { throw DatasourceError(dataset: name, layer: layer, "no such layer") }
            OGR_L_SetSpatialFilter(l, nil)
            let n = OGR_L_GetFeatureCount(l, 1)
            if n < 0 || GDALRuntime.lastFailure != nil {
                throw DatasourceError(dataset: name, layer: layer, GDALRuntime.lastFailure ?? "its features cannot be counted")
            }
            return Int(n)
        }
    }

    /// What was read of a layer when the dataset was opened, or nil when there is none by that name.
    public func info(of name: String) -> GDALLayerInfo? { byName[name].map { layers[$0] } }

    /// The features of a layer that may touch the query's box, through the layer's spatial index,
    /// with only the fields asked for; a recent identical read is answered from memory.
    public func read(_ query: FeatureQuery) throws -> DatasetFeatures {
        guard let i = byName[query.layer] else {
            throw DatasourceError(dataset: name, layer: query.layer, "no such layer; the dataset has \(layerNames.joined(separator: ", "))")
        }
        let info = layers[i]
        let wanted: [GDALLayerInfo.Field] = query.properties.map { names in info.fields.filter { names.contains($0.name) } } ?? info.fields
        let box = query.box
        diskReads.add(1)
        return try pool.with { handle in
            do {
                if readPath == .arrow && GDALArrowReader.canRead(info, fields: wanted),
                   let features = try? GDALArrowReader.read(dataset: handle, layer: info, box: box, fields: wanted) {
                    return features
                }
                // Fields or geometry the Arrow path does not take (dates, lists, curves,
                // a Shapefile's own encoding), and every error, which this path words.
                return try GDALFeatureReader.read(dataset: handle, layer: info, box: box, fields: wanted)
            } catch let error as GDALSourceError {
                throw DatasourceError(dataset: name, layer: info.name, error.message)
            }
        }
    }

    /// Sizes and modification times of the dataset's files (a Shapefile's `.shp`, `.dbf`,
    /// `.prj`... and a folder's files), so that `--resume` redraws maps when any changes.
    public static func fingerprint(of path: String) -> String {
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        let isFolder = fm.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
        var files: [String]
        if isFolder {
            files = ((try? fm.contentsOfDirectory(atPath: path)) ?? []).sorted().map { "\(path)/\($0)" }
        } else {
            let url = URL(fileURLWithPath: path)
            let stem = url.deletingPathExtension().lastPathComponent
            let siblings = (try? fm.contentsOfDirectory(atPath: url.deletingLastPathComponent().path)) ?? []
            files = [path] + siblings.filter { $0 != url.lastPathComponent && $0.hasPrefix(stem + ".") }.sorted()
                .map { url.deletingLastPathComponent().appendingPathComponent($0).path }
        }
        return files.map { file in
            let a = try? fm.attributesOfItem(atPath: file)
            let size = (a?[.size] as? NSNumber)?.int64Value ?? -1
            let time = (a?[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
            return "\((file as NSString).lastPathComponent):\(size):\(time)"
        }.joined(separator: ",")
    }
}

/// A count shared by threads.
final class Counter: @unchecked Sendable {
    private let lock = Lock()
    private var count = 0
    func add(_ n: Int) { lock.locked { count += n } }
    var value: Int { lock.locked { count } }
}
