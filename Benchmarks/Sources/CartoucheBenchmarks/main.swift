// cartouche-bench [FILTER...]: runs the benchmarks whose names contain a filter (all without).
// Each area adds its benchmarks to `all` from a file of its own.
// cartouche-bench projection-scaling: one thread against two for PROJ (ProjectionBenchmarks.swift).
// cartouche-bench gdal-map DATASET: a map from a GeoPackage of any size (GDALBenchmarks.swift).
// cartouche-bench raw-cairo STYLE BOX CRS: a map's drawing against the raw Cairo limit (RawCairoBenchmarks.swift).
let all: [Benchmark] = try ExpressionBenchmarks.all + LabelBenchmarks.all + projectionBenchmarks()
    + geoJSONBenchmarks() + geometryBenchmarks() + SHA256Benchmarks.all

let filters = Array(CommandLine.arguments.dropFirst())
if filters == ["projection-scaling"] {
    try projectionScaling()
} else if filters.first == "gdal-read" {
    try gdalReadBenchmark(Array(filters.dropFirst()))
} else if filters.first == "gdal-map" {
    try gdalMapBenchmark(Array(filters.dropFirst()))
} else if filters.first == "raw-cairo" {
    try rawCairoLimit(Array(filters.dropFirst()))
} else {
    let selected = filters.isEmpty ? all : all.filter { b in filters.contains { b.name.contains($0) } }
    try run(selected)
    LabelBenchmarks.report()
}
