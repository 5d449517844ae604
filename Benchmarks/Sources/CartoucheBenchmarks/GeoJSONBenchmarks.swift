import Cartouche
import Foundation

/// GeoJSON parsing, one benchmark per data set, so that `Benchmarks/geojson_vs_python.py`
/// can run each in a process of its own and read that process's peak memory.
///
/// Each run parses every file of the set and keeps all the tables until the end, as
/// `MapData` does, so the peak is that of a loaded set. The unit is MB (10^6 bytes of
/// GeoJSON text), so the rate is MB/s on one core (the reader is single-threaded).
func geoJSONBenchmarks() -> [Benchmark] {
    var benchmarks: [Benchmark] = []
    for set in GeoJSONSets.all {
        let files = set.files()
        guard !files.isEmpty else {
            FileHandle.standardError.write(Data("note: no .geojson files in \(set.directory): \"geojson parse \(set.name)\" left out\n".utf8))
            continue
        }
        let bytes = files.reduce(0) { $0 + fileSize($1) }
        benchmarks.append(Benchmark(name: "geojson parse \(set.name)", unit: "MB") {
            var tables: [FeatureTable] = []
            for file in files { tables.append(try GeoJSONReader.read(path: file).table) }
            precondition(tables.reduce(0) { $0 + $1.count } > 0)
            return Double(bytes) / 1e6
        })
    }
    benchmarks.append(Benchmark(name: "geojson parse sparse-tags", unit: "MB") {
        let document = try SparseTagsDocument.text.withUnsafeBytes { try GeoJSONReader.read(bytes: $0) }
        precondition(document.table.properties.keys.count == SparseTagsDocument.keys + 1)
        return Double(SparseTagsDocument.text.count) / 1e6
    })
    return benchmarks
}

/// The data sets of the issue: two from `../shared/data`, and the generated large set
/// (`python3 ../shared/peers/gen_data.py large`, written to `$PEERDATA/large`).
enum GeoJSONSets {
    struct Set {
        var name: String
        var directory: String
        func files() -> [String] { geoJSONFiles(in: directory) }
    }

    static let packageRoot = String(#filePath).components(separatedBy: "/Benchmarks/")[0]
    static let shared = packageRoot + "/../shared/data"
    static let peerData = ProcessInfo.processInfo.environment["PEERDATA"] ?? "/tmp/peerdata"

    static let all = [
        Set(name: "malta", directory: shared + "/bench/malta"),
        Set(name: "naturalearth-10m", directory: shared + "/naturalearth/10m"),
        Set(name: "large", directory: peerData + "/large"),
    ]
}

/// OpenStreetMap-like properties, made in memory: 100,000 points, each with an id and 5 of
/// 2,000 tag keys. Stored densely (a slot per feature and key) they would take 100,000 ×
/// 2,001 slots of 24 bytes, 4.8 GB; the benchmark's peak memory shows what they take.
enum SparseTagsDocument {
    static let features = 100_000
    static let keys = 2000

    static let text: [UInt8] = {
        var rng = SplitMix(seed: 2026)
        var out = #"{"type": "FeatureCollection", "features": ["#
        for f in 0..<features {
            if f > 0 { out += ",\n" }
            var tags: [String] = []
            for _ in 0..<5 { tags.append(#""tag\#(rng.next() % UInt64(keys))": "v\#(rng.next() % 100)""#) }
            let x = 114 + Double(rng.next() % 100_000) / 1e6, y = 33.5 + Double(rng.next() % 100_000) / 1e6
            out += #"{"type": "Feature", "geometry": {"type": "Point", "coordinates": [\#(x), \#(y)]}, "properties": {"osm_id": \#(f), \#(tags.joined(separator: ", "))}}"#
        }
        out += "]}\n"
        return Array(out.utf8)
    }()
}

/// SplitMix64: the same document on every run and machine.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// The `.geojson` files directly in `directory`, sorted; none if it does not exist.
func geoJSONFiles(in directory: String) -> [String] {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
    return names.filter { $0.hasSuffix(".geojson") }.sorted().map { directory + "/" + $0 }
}

func fileSize(_ path: String) -> Int {
    (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
}
