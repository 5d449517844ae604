import Datasource
import Geometry
import JSON
import Projection
import Render
import Style
import Tiles

extension MapData {
    /// Opens every vector source's dataset and checks that each layer's `source-layer` is
    /// one of its layers: a style that names a layer the data lacks fails here, before any
    /// map is drawn, with the layers the dataset has.
    static func openDatasets(of style: Style, with open: DatasetOpener) throws -> [String: any VectorDatasource] {
        let (datasets, problems) = checkDatasets(of: style, with: open)
        if !problems.isEmpty { throw StyleError(file: nil, diagnostics: problems) }
        return datasets
    }

    /// The datasets of the style's vector sources that open, and the problems with the rest
    /// and with the layers' `source-layer`s, each at its JSON pointer (`cartouche validate`).
    public static func checkDatasets(of style: Style, with open: DatasetOpener = Datasets.standard)
        -> (datasets: [String: any VectorDatasource], problems: [StyleDiagnostic]) {
        var datasets: [String: any VectorDatasource] = [:]
        var problems: [StyleDiagnostic] = []
        for (id, source) in style.sources.sorted(by: { $0.key < $1.key }) where source.kind == .vector {
            do {
                datasets[id] = try open(source, style.baseDirectory)
            } catch {
                let key = if case .tiles = source.data { "tiles" } else { "url" }
                problems.append(StyleDiagnostic(.error, (JSONPointer.root / "sources" / id / key).description, "\(error)"))
            }
        }
        problems += sourceLayerProblems(style, datasets)
        return (datasets, problems)
    }

    /// Layers whose `source-layer` their dataset does not have.
    static func sourceLayerProblems(_ style: Style, _ datasets: [String: any VectorDatasource]) -> [StyleDiagnostic] {
        style.layers.compactMap { layer in
            guard let id = layer.source, let name = layer.sourceLayer, let dataset = datasets[id],
                  dataset.layer(named: name) == nil else { return nil }
            let has = dataset.layerNames.isEmpty ? "it has no layers" : "it has \(dataset.layerNames.joined(separator: ", "))"
            return StyleDiagnostic(.error, "/layers/\(layer.index)/source-layer",
                                   "\(dataset.name) has no layer \"\(name)\"; \(has)")
        }
    }

    /// The margin, in CSS pixels, around a map within which dataset features are read: the
    /// widest the renderer looks for features to draw (labels of points off the map).
    static let datasetMargin: Double = 512

    /// Everything a scene for `frame` draws from: the GeoJSON sources as projected once for
    /// the frame's CRS, and for each vector source layer that a layer shown at this zoom
    /// draws, the features read from its dataset for the frame's extent (with
    /// `datasetMargin`), only the properties the style reads, projected to the map CRS.
    /// Layers are read on all cores; inside a batch, where each core draws its own map,
    /// they are read one after another, a database's together (one round trip). Those of
    /// files go through `readCache`, so that the pages of a batch neither read nor project
    /// the same features twice.
    public func sources(for frame: MapFrame, projected: ProjectedData) throws -> (sources: [String: RenderSource], warnings: [String]) {
        guard !datasets.isEmpty else { return (projected.sources, []) }
        var wanted: [(source: String, layer: String)] = []
        for layer in style.layers where layer.isShown(atZoom: frame.zoom) {
            guard let id = layer.source, let name = layer.sourceLayer, datasets[id] != nil,
                  !wanted.contains(where: { $0 == (id, name) }) else { continue }
            wanted.append((id, name))
        }
        let box = frame.mapBounds(margin: Self.datasetMargin)
        let reads = try wanted.map { try plan($0.source, $0.layer, box: box, frame: frame) }
        // Units of reading: each layer alone, but inside a batch, where this thread would
        // read them one after another, a database's layers of this map in one round trip.
        // Outside a batch its layers are read on all cores, each on a connection of its own.
        var units: [[Int]] = []
        var unitOfDataset: [ObjectIdentifier: Int] = [:]
        for (i, read) in reads.enumerated() {
            if Parallel.isSequential && !read.dataset.readsMayBeReused {
                if let u = unitOfDataset[ObjectIdentifier(read.dataset)] { units[u].append(i); continue }
                unitOfDataset[ObjectIdentifier(read.dataset)] = units.count
            }
            units.append([i])
        }
        // Read (a file's layers through the cache, projected there), then project the rest
        // layer by layer: a database's layers come in one unit but are projected on all cores.
        let gotten = try Parallel.map(units.count) { u -> [Fetched] in
            let members = units[u], dataset = reads[members[0]].dataset
            if dataset.readsMayBeReused {
                return try members.map { .projected(try readCache.features(reads[$0]) { try dataset.read($0) }) }
            }
            return try dataset.read(members.map { reads[$0].query }).map { .read($0) }
        }
        var fetched = Array(repeating: Fetched?.none, count: reads.count)
        for (members, results) in zip(units, gotten) {
            for (i, result) in zip(members, results) { fetched[i] = result }
        }
        let read = Parallel.map(reads.count) { i -> (RenderSource, [String]) in
            switch fetched[i]! {
            case .projected(let result):
                return finish(wanted[i].source, reads[i], result)
            case .read(let features):
                var table = features.table
                let report = table.transform(with: reads[i].toMap)
                return finish(wanted[i].source, reads[i],
                              .init(table: table, warnings: features.warnings, dropped: report.droppedFeatures.count, report: report))
            }
        }
        var sources = projected.sources
        var warnings: [String] = []
        for (source, notes) in read {
            sources[source.id] = source
            warnings += notes
        }
        return (sources, warnings)
    }

    /// Reads, before a batch starts, each file layer its maps draw over the union of their
    /// boxes, once, when that union is no larger than their boxes added up (pages that
    /// overlap, as an atlas of one district's villages does): every page then takes its
    /// features from memory, projected already, as a GeoJSON source's are. A batch spread
    /// wider (a province's villages, far apart) reads page by page, as does one whose union
    /// three of its pages' reads say would not fit the cache's budget. A read that fails
    /// here is left to the pages, which report it.
    public func prefetch(frames: [MapFrame]) {
        struct Key: Hashable { var dataset: ObjectIdentifier, layer: String, crs: CRS, properties: Set<String>? }
        struct Union { var read: ProjectedReadCache.Read; var box: Box; var pageArea: Double; var samples: [Box] }
        var unions: [Key: Union] = [:]
        for frame in frames {
            let box = frame.mapBounds(margin: Self.datasetMargin)
            var seen: Set<String> = []
            for layer in style.layers where layer.isShown(atZoom: frame.zoom) {
                guard let id = layer.source, let name = layer.sourceLayer, let dataset = datasets[id],
                      dataset.readsMayBeReused, seen.insert("\(id)\u{0}\(name)").inserted,
                      let read = try? plan(id, name, box: box, frame: frame) else { continue }
                let page = read.query.box
                guard page.width.isFinite, page.height.isFinite else { continue }
                let key = Key(dataset: ObjectIdentifier(dataset), layer: name, crs: frame.crs, properties: read.query.properties)
                if var union = unions[key] {
                    union.box = union.box.union(page)
                    union.pageArea += page.width * page.height
                    union.samples.append(page)
                    unions[key] = union
                } else {
                    unions[key] = Union(read: read, box: page, pageArea: page.width * page.height, samples: [page])
                }
            }
        }
        let worth = unions.values.filter { $0.box.width * $0.box.height <= $0.pageArea }
        Parallel.forEach(worth.count) { i in
            let union = worth[i]
            var read = union.read
            read.query.view = nil
            // The union is read only if it would fit the cache: its size estimated from the
            // densest of three of its pages (first, middle, last), read first, so that a
            // batch over a province's dense data does not read all of it into memory.
            let area = union.box.width * union.box.height
            var estimate = 0.0
            for page in Set([0, union.samples.count / 2, union.samples.count - 1]).map({ union.samples[$0] }) {
                read.query.box = page
                guard let sample = try? read.dataset.read(read.query), page.width * page.height > 0 else { return }
                estimate = max(estimate, Double(ProjectedReadCache.bytes(of: sample.table)) * area / (page.width * page.height))
            }
            guard estimate <= Double(readCache.budget / 2) else { return }
            read.query.box = union.box
            try? readCache.preload(read) { try read.dataset.read($0) }
        }
    }

    /// A layer's features as its unit of reading gave them: projected already (through the
    /// cache), or as the dataset gave them.
    private enum Fetched {
        case projected(ProjectedReadCache.Result)
        case read(DatasetFeatures)
    }

    /// What one layer of a map asks of its dataset, and the projection of what it gives.
    func plan(_ id: String, _ name: String, box: Box, frame: MapFrame) throws -> ProjectedReadCache.Read {
        let dataset = datasets[id]!
        guard let layer = dataset.layer(named: name) else {
            throw DatasourceError(dataset: dataset.name, layer: name, "no such layer")
        }
        let toMap = try Transformer(from: layer.crs, to: frame.crs)
        // The map's box in the layer's CRS; a map reaching past the layer CRS's domain reads
        // everything rather than nothing.
        let query = (try? toMap.envelope(of: box, .inverse)) ?? Box(minX: -.infinity, minY: -.infinity, maxX: .infinity, maxY: .infinity)
        let view = try? toMap.envelope(of: frame.mapBounds(margin: 0), .inverse)
        return .init(dataset: dataset,
                     query: FeatureQuery(layer: name, box: query, zoom: frame.zoom,
                                         properties: style.propertiesRead(source: id, sourceLayer: name).names, view: view),
                     toMap: toMap, mapCRS: frame.crs)
    }

    /// The source a layer's projected features make, with the warnings of reading them.
    private func finish(_ id: String, _ read: ProjectedReadCache.Read, _ result: ProjectedReadCache.Result) -> (RenderSource, [String]) {
        let source = style.sources[id]!, name = read.query.layer, dataset = read.dataset
        var warnings = result.warnings
        if let report = result.report, let first = report.droppedFeatures.first {
            warnings.append("\(dataset.name): layer \"\(name)\": \(report.droppedFeatures.count) feature(s) with \(report.failedPoints) point(s) that could not be projected to \(read.mapCRS) were dropped (first: feature \(first))")
        } else if result.report == nil, result.dropped > 0 {
            warnings.append("\(dataset.name): layer \"\(name)\": \(result.dropped) feature(s) with point(s) that could not be projected to \(read.mapCRS) were dropped")
        }
        let table = source.features(of: result.table, layer: name)
        // Vector tiles are drawn as they are, as MapLibre draws them: their makers simplified
        // them for their zoom already.
        let tolerance = dataset is TileDatasource ? 0 : source.tolerance
        return (RenderSource(id: RenderSourceKey.make(source: id, layer: name), table: table, tolerance: tolerance,
                             tiled: dataset is TileDatasource,
                             tileZoom: (dataset as? TileDatasource)?.tileZoom(forMapZoom: read.query.zoom)), warnings)
    }

    /// The box of all the data in `projected`'s CRS: the GeoJSON sources' features and the
    /// extents of the dataset layers the style draws, where their readers know them.
    public func bounds(_ projected: ProjectedData) throws -> Box {
        var box = projected.bounds
        for layer in style.layers {
            guard let id = layer.source, let name = layer.sourceLayer, let extent = datasets[id]?.layer(named: name),
                  let layerBox = extent.extent, !layerBox.isEmpty else { continue }
            box = box.union(try Transformer(from: extent.crs, to: projected.crs).envelope(of: layerBox))
        }
        // Raster files drawn by a layer count with their extents.
        for layer in style.layers {
            guard let id = layer.source, case .file(let raster)? = rasters[id] else { continue }
            box = box.union(try Transformer(from: raster.crs, to: projected.crs).envelope(of: raster.extent))
        }
        // Web Mercator's world is a square, as MapLibre draws it: data reaching the poles
        // (Natural Earth's Antarctica runs to -90°, which PROJ puts 2.4e8 m south) is fitted
        // to the square, not to a sliver a hundred times taller than the map.
        if !box.isEmpty, projected.crs.identifier == "EPSG:3857" {
            let half = Double.pi * 6378137
            let square = Box(minX: max(box.minX, -half), minY: max(box.minY, -half), maxX: min(box.maxX, half), maxY: min(box.maxY, half))
            if !square.isEmpty { box = square }
        }
        return box
    }

    /// The scene of `style` (this data's, or a variant of it) for a frame, with the warnings
    /// of reading its datasets, and the sources it was drawn from (legends read them).
    public func scene(_ style: Style? = nil, frame: MapFrame, projected: ProjectedData,
                      globalState: JSONObject = JSONObject()) throws -> (scene: Scene, sources: [String: RenderSource]) {
        let (sources, warnings) = try self.sources(for: frame, projected: projected)
        let style = style ?? self.style
        // The raster layers' images (GDAL's read, the warp) are made while the vector
        // layers are built: neither needs the other until the layers are stacked.
        enum Part { case images([String: SceneImage], [String]), scene(Scene) }
        let parts = try Parallel.map(rasters.isEmpty ? 1 : 2) { i -> Part in
            if i == 1 {
                let (images, warnings) = try RasterLayerImages.images(style: style, frame: frame, rasters: rasters)
                return .images(images, warnings)
            }
            return .scene(SceneBuilder(style: style, sources: sources, frame: frame, globalState: globalState).build())
        }
        guard case .scene(var scene) = parts[0] else { preconditionFailure("the scene is part 0") }
        var rasterWarnings: [String] = []
        if parts.count == 2, case .images(let images, let w) = parts[1] {
            scene.stack(images, in: style.layers)
            rasterWarnings = w
        }
        scene.warnings = warnings + rasterWarnings + scene.warnings
        return (scene, sources)
    }
}
