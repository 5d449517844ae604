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
    /// they are read one after another.
    public func sources(for frame: MapFrame, projected: ProjectedData) throws -> (sources: [String: RenderSource], warnings: [String]) {
        guard !datasets.isEmpty else { return (projected.sources, []) }
        var wanted: [(source: String, layer: String)] = []
        for layer in style.layers where layer.isShown(atZoom: frame.zoom) {
            guard let id = layer.source, let name = layer.sourceLayer, datasets[id] != nil,
                  !wanted.contains(where: { $0 == (id, name) }) else { continue }
            wanted.append((id, name))
        }
        let box = frame.mapBounds(margin: Self.datasetMargin)
        let read = try Parallel.map(wanted.count) { i -> (RenderSource, [String]) in
            let (id, name) = wanted[i]
            return try readLayer(id, name, box: box, frame: frame)
        }
        var sources = projected.sources
        var warnings: [String] = []
        for (source, notes) in read {
            sources[source.id] = source
            warnings += notes
        }
        return (sources, warnings)
    }

    private func readLayer(_ id: String, _ name: String, box: Box, frame: MapFrame) throws -> (RenderSource, [String]) {
        let dataset = datasets[id]!, source = style.sources[id]!
        let key = RenderSourceKey.make(source: id, layer: name)
        guard let layer = dataset.layer(named: name) else {
            throw DatasourceError(dataset: dataset.name, layer: name, "no such layer")
        }
        let toMap = try Transformer(from: layer.crs, to: frame.crs)
        // The map's box in the layer's CRS; a map reaching past the layer CRS's domain reads
        // everything rather than nothing.
        let query = (try? toMap.envelope(of: box, .inverse)) ?? Box(minX: -.infinity, minY: -.infinity, maxX: .infinity, maxY: .infinity)
        let view = try? toMap.envelope(of: frame.mapBounds(margin: 0), .inverse)
        var features = try dataset.read(FeatureQuery(layer: name, box: query, zoom: frame.zoom,
                                                     properties: style.propertiesRead(source: id, sourceLayer: name).names,
                                                     view: view))
        var table = source.features(of: features.table, layer: name)
        let report = table.transform(with: toMap)
        if let first = report.droppedFeatures.first {
            features.warnings.append("\(dataset.name): layer \"\(name)\": \(report.droppedFeatures.count) feature(s) with \(report.failedPoints) point(s) that could not be projected to \(frame.crs) were dropped (first: feature \(first))")
        }
        // Vector tiles are drawn as they are, as MapLibre draws them: their makers simplified
        // them for their zoom already.
        let tolerance = dataset is TileDatasource ? 0 : source.tolerance
        return (RenderSource(id: key, table: table, tolerance: tolerance, tiled: dataset is TileDatasource), features.warnings)
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
        return box
    }

    /// The scene of `style` (this data's, or a variant of it) for a frame, with the warnings
    /// of reading its datasets, and the sources it was drawn from (legends read them).
    public func scene(_ style: Style? = nil, frame: MapFrame, projected: ProjectedData,
                      globalState: JSONObject = JSONObject()) throws -> (scene: Scene, sources: [String: RenderSource]) {
        let (sources, warnings) = try self.sources(for: frame, projected: projected)
        let style = style ?? self.style
        let (images, rasterWarnings) = try RasterLayerImages.images(style: style, frame: frame, rasters: rasters)
        var builder = SceneBuilder(style: style, sources: sources, frame: frame, globalState: globalState)
        builder.rasterImages = images
        var scene = builder.build()
        scene.warnings = warnings + rasterWarnings + scene.warnings
        return (scene, sources)
    }
}
