import Cartouche

/// The manifest's workload: the SHA-256 of each finished map file, hashed once as a whole.
/// 200 files of 400 KB (an 800x600 PNG map is 150–600 KB). docs/PERFORMANCE.md has the
/// figure against the SHA-extension code Cartouche had before swift-crypto.
enum SHA256Benchmarks {
    static let files: [[UInt8]] = (0..<200).map { i in
        var state = UInt64(i + 1) &* 0x9E37_79B9_7F4A_7C15
        return (0..<400_000).map { _ in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return UInt8(truncatingIfNeeded: state >> 56)
        }
    }
    static let bytes = Double(files.reduce(0) { $0 + $1.count })

    static var all: [Benchmark] { [
        Benchmark(name: "sha256 manifest", unit: "bytes") {
            var check = 0
            for f in files { check &+= Int(Checksum.sha256(f).utf8.first!) }
            precondition(check > 0)
            return bytes
        },
    ] }
}
