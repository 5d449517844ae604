import Cartouche
import Foundation


/// `cartouche-bench gdal-map DATASET [RUNS] [arrow]`: the 800x600 map of Vaduz of
/// `Benchmarks/Styles/gdal-bench.json` (a few km² at zoom 15) drawn from DATASET, a
/// GeoPackage made by `Benchmarks/scripts/make_gdal_bench_data.sh` (100 thousand or 10
/// million features: the same map either way). Each run opens the dataset and draws the
/// map, as `cartouche render` does; prints the median and minimum wall time and the process's peak memory. Run each size in a process of its own.
func gdalMapBenchmark(_ arguments: [String]) throws {
    guard let dataset = arguments.first else {
        print("usage: cartouche-bench gdal-map DATASET.gpkg [RUNS] [arrow]")
        return
    }
    let runs = arguments.count > 1 ? Int(arguments[1]) ?? 7 : 7
    let arrow = arguments.contains("arrow")
    let stylePath = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Styles/gdal-bench.json").standardized.path
    let text = try String(contentsOfFile: stylePath, encoding: .utf8)
        .replacingOccurrences(of: "file:/tmp/gdalbench/small.gpkg", with: "file:\(dataset)")
    let style = try StyleParser.parse(JSONParser.parse(text), baseDirectory: "/")
    var request = MapRequest(width: 800, height: 600)
    request.extent = .styleCamera
    var times: [Double] = []
    var bytes = 0
    for run in 0...runs {
        let m = try measure {
            let data = try MapData(style: style, openDataset: { source, base in
                let opened = try Datasets.standard(source, base)
                if arrow, let gdal = opened as? GDALVectorDataset { gdal.readPath = .arrow }
                return opened
            })
            let renderer = MapRenderer(data: data)
            bytes = try renderer.render(request, format: .png).count
            return 1
        }
        if run > 0 { times.append(m.seconds) }  // the first run warms the page cache
    }
    times.sort()
    print("gdal map \((dataset as NSString).lastPathComponent)\(arrow ? " (arrow)" : ""): median \(fmt(times[times.count / 2])) s, min \(fmt(times[0])) s over \(runs) runs;  PNG \(bytes) bytes; peak memory \(fmt(peakMemoryMiB())) MiB")
}

/// `cartouche-bench gdal-read DATASET [RUNS]`: every layer of DATASET read whole, all
/// fields, one feature at a time and through the Arrow stream, alternately in one process:
/// the readers' throughput where the map's drawing does not hide it.
func gdalReadBenchmark(_ arguments: [String]) throws {
    guard let path = arguments.first else {
        print("usage: cartouche-bench gdal-read DATASET [RUNS]")
        return
    }
    let runs = arguments.count > 1 ? Int(arguments[1]) ?? 5 : 5
    let everything = Box(minX: -.infinity, minY: -.infinity, maxX: .infinity, maxY: .infinity)
    var times: [GDALVectorDataset.ReadPath: [Double]] = [:]
    var counts: [GDALVectorDataset.ReadPath: Int] = [:]
    for run in 0...runs {
        for readPath in [GDALVectorDataset.ReadPath.features, .arrow] {
            let dataset = try GDALVectorDataset(path: path)
            dataset.readPath = readPath
            let m = try measure {
                var n = 0
                for layer in dataset.layerNames {
                    n += try dataset.read(FeatureQuery(layer: layer, box: everything, zoom: 0, properties: nil)).table.count
                }
                return Double(n)
            }
            counts[readPath] = Int(m.units)
            if run > 0 { times[readPath, default: []].append(m.seconds) }
        }
    }
    for (readPath, name) in [(GDALVectorDataset.ReadPath.features, "features"), (.arrow, "arrow")] {
        let t = times[readPath]!.sorted()
        print("gdal read \((path as NSString).lastPathComponent) \(name): median \(fmt(t[t.count / 2])) s, min \(fmt(t[0])) s, \(counts[readPath]!) features, \(fmt(Double(counts[readPath]!) / t[t.count / 2] / 1e3)) thousand features/s")
    }
}
