// cartouche-bench [FILTER...]: runs the benchmarks whose names contain a filter (all without).
// Each area adds its benchmarks to `all` from a file of its own.
let all: [Benchmark] = geoJSONBenchmarks() + geometryBenchmarks()

let filters = Array(CommandLine.arguments.dropFirst())
let selected = filters.isEmpty ? all : all.filter { b in filters.contains { b.name.contains($0) } }
try run(selected)
