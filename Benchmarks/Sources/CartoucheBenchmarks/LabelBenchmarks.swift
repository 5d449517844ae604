import Cartouche
#if canImport(Glibc)
import Glibc
#endif

/// Placing and drawing labels: 10,000 point labels with halos, Chinese and Latin, on a
/// grid wide enough that collision detection keeps every one (so every label is both
/// tested and drawn). Timed: building the scene (text layout, collision) and drawing it
/// (glyph distance fields, halo and fill), not clearing or encoding the image.
enum LabelBenchmarks {
    static let columns = 100, rows = 100

    static func style() throws -> Style {
        var features: [String] = []
        let names = ["前朱村", "Yuanhui", "空冢郭镇", "大刘 Daliu", "半坡朱村", "Shahe"]
        for r in 0..<rows {
            for c in 0..<columns {
                // Grid cells of 110 x 36 pixels at zoom 10 near the equator.
                let lon = (Double(c) - Double(columns) / 2 + 0.5) * 110 * 360 / (512 * 1024)
                let lat = (Double(rows) / 2 - Double(r) - 0.5) * 36 * 360 / (512 * 1024)
                // Every label its own text, as on a real map: nothing can be reused.
                let name = names[(r * columns + c) % names.count] + " \(r * columns + c)"
                features.append(#"{"type":"Feature","properties":{"name":"\#(name)"},"geometry":{"type":"Point","coordinates":[\#(lon),\#(lat)]}}"#)
            }
        }
        let data = #"{"type":"FeatureCollection","features":[\#(features.joined(separator: ","))]}"#
        let json = try JSONParser.parse(#"""
        {"version": 8, "center": [0, 0], "zoom": 10, "sources": {"p": {"type": "geojson", "data": \#(data)}},
         "layers": [{"id": "labels", "type": "symbol", "source": "p",
                     "layout": {"text-field": ["get", "name"], "text-font": ["Noto Sans CJK SC Regular"], "text-size": 12},
                     "paint": {"text-color": "#333333", "text-halo-color": "#ffffff", "text-halo-width": 1.5}}]}
        """#)
        return try StyleParser.parse(json)
    }

    static var all: [Benchmark] {
        let setup = Result { () throws -> (MapRenderer, MapRequest) in
            let data = try MapData(style: style())
            return (MapRenderer(data: data), MapRequest(width: Double(columns) * 110 + 40, height: Double(rows) * 36 + 40))
        }
        return [
            Benchmark(name: "labels: place and draw 10,000 with halos", unit: "labels", runs: 5) {
                let (renderer, request) = try setup.get()
                if oneThread { return try Parallel.sequentially { try placeAndDraw(renderer, request) } }
                return try placeAndDraw(renderer, request)
            },
        ]
    }

    /// With CARTOUCHE_BENCH_ONE_THREAD set, everything runs on the calling thread: CPU time
    /// per label, which a profile can attribute without worker threads' stacks.
    static let oneThread = getenv("CARTOUCHE_BENCH_ONE_THREAD") != nil

    static func placeAndDraw(_ renderer: MapRenderer, _ request: MapRequest) throws -> Double {
                var timings = PhaseTimings()
                let cpu0 = cpuSeconds()
                let scene = try renderer.scene(for: request, timings: &timings)
                let cpu1 = cpuSeconds()
                let placed = scene.layers.reduce(0) { $0 + $1.commands.count }
                precondition(placed == columns * rows, "only \(placed) labels placed")
                _ = try CairoBackend.png(scene, timings: &timings)
                cpu.append((cpu1 - cpu0, cpuSeconds() - cpu1))
                // Count the label work only: scene building and drawing, not encoding.
                let seconds = (timings["scene"] ?? 0) + (timings["render"] ?? 0)
                labelSeconds.append(seconds)
                phaseSeconds.append((timings["scene"] ?? 0, timings["render"] ?? 0))
                return Double(placed)
    }

    /// Per-run scene + drawing time, reported by `report()`.
    nonisolated(unsafe) static var labelSeconds: [Double] = []
    nonisolated(unsafe) static var phaseSeconds: [(scene: Double, draw: Double)] = []
    nonisolated(unsafe) static var cpu: [(scene: Double, drawAndEncode: Double)] = []

    static func report() {
        guard !labelSeconds.isEmpty else { return }
        let sorted = labelSeconds.sorted()
        let median = sorted[sorted.count / 2]
        for (p, c) in zip(phaseSeconds, cpu) {
            print("  wall: scene \(fmt(p.scene)) s, draw \(fmt(p.draw)) s; cpu: scene \(fmt(c.scene)) s, draw+encode \(fmt(c.drawAndEncode)) s")
        }
        print("labels: scene + draw median \(fmt(median)) s = \(fmt(median / Double(columns * rows) * 1e6)) µs per label (min \(fmt(sorted[0] / Double(columns * rows) * 1e6)) µs)")
    }
}
