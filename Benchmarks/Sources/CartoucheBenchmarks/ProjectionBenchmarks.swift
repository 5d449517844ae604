import Cartouche
import Dispatch
import Foundation

// Projection throughput: points per second through PROJ and through the Web Mercator fast
// path, on one thread and on two at once, and what creating transformations costs.
//
//   cartouche-bench projection            the table of rates (min and median)
//   cartouche-bench projection-scaling    one thread against two, the speed-up, creation costs

/// Interleaved longitude/latitude buffers, one per thread, refilled from `source` before each
/// run so every run transforms the same numbers. Each thread touches only its own buffer.
final class PointBuffers: @unchecked Sendable {
    /// Made on first use, so that other benchmarks do not pay for them: a million points a
    /// thread for the table, a quarter of that for the scaling runs (short runs are more
    /// likely to fit between other people's work on a shared machine).
    static let oneThread = PointBuffers(threads: 1, side: 1000)
    static let twoThreads = PointBuffers(threads: 2, side: 1000)
    static let oneThreadShort = PointBuffers(threads: 1, side: 500)
    static let twoThreadsShort = PointBuffers(threads: 2, side: 500)

    let source: [Double]
    let buffers: [UnsafeMutableBufferPointer<Double>]
    var pointsPerThread: Int { source.count / 2 }

    /// A `side` × `side` grid over Henan around the district, in each buffer.
    init(threads: Int, side: Int) {
        var xy: [Double] = []
        xy.reserveCapacity(2 * side * side)
        for i in 0..<side {
            for j in 0..<side { xy += [112.6 + 2.8 * Double(i) / Double(side), 32.0 + 3.0 * Double(j) / Double(side)] }
        }
        source = xy
        buffers = (0..<threads).map { _ in UnsafeMutableBufferPointer<Double>.allocate(capacity: xy.count) }
    }

    deinit { buffers.forEach { $0.deallocate() } }

    /// Transforms buffer `i` once; returns points that failed.
    func transform(_ i: Int, with t: Transformer) -> Int {
        _ = buffers[i].initialize(from: source)
        return t.transform(buffers[i])
    }

    /// Every buffer at once, one thread each; returns the points transformed.
    func transformAll(with t: Transformer) -> Double {
        DispatchQueue.concurrentPerform(iterations: buffers.count) { i in
            precondition(transform(i, with: t) == 0)
        }
        return Double(buffers.count * pointsPerThread)
    }
}

/// The transformations measured: PROJ to Web Mercator and Gauss-Kruger, and the fast path.
func projectionCases() throws -> [(name: String, transformer: Transformer)] {
    [("EPSG:3857 PROJ", try Transformer(from: .wgs84, to: .webMercator, engine: .proj)),
     ("EPSG:4547 PROJ", try Transformer(from: .wgs84, to: CRS("EPSG:4547"))),
     ("EPSG:3857 Swift fast path", try Transformer(from: .wgs84, to: .webMercator)),
     // The offset of Chinese web maps: a Swift pass (the inverse iterated) around the same PROJ call.
     ("GCJ-02 -> EPSG:4547", try Transformer(from: CRS("GCJ-02"), to: CRS("EPSG:4547"))),
     ("BD-09 -> EPSG:4547", try Transformer(from: CRS("BD-09"), to: CRS("EPSG:4547"))),
     ("EPSG:4326 -> GCJ-02", try Transformer(from: .wgs84, to: CRS("GCJ-02")))]
}

func projectionBenchmarks() throws -> [Benchmark] {
    try projectionCases().flatMap { c in [
        Benchmark(name: "projection \(c.name) 1 thread", unit: "points") { PointBuffers.oneThread.transformAll(with: c.transformer) },
        Benchmark(name: "projection \(c.name) 2 threads", unit: "points") { PointBuffers.twoThreads.transformAll(with: c.transformer) },
    ] }
}

/// One thread against two for each case. The machine is shared, and other work only ever
/// slows a run down, so short runs alternate (each case on one thread, then on two) for
/// `rounds` rounds and the fastest of each is kept: all of them then come from the
/// quietest moments.
func projectionScaling(rounds: Int = 60) throws {
    let one = PointBuffers.oneThreadShort, two = PointBuffers.twoThreadsShort
    let cases = try projectionCases()
    /// Points per wall second and per CPU second: on a machine whose second core is busy
    /// the wall rate of two threads cannot show their scaling, but a lock or a shared PJ
    /// would still show as CPU time spent waiting or bouncing cache lines.
    func rate(_ buffers: PointBuffers, _ t: Transformer) -> (wall: Double, cpu: Double) {
        let cpu = cpuSeconds()
        let m = measure { buffers.transformAll(with: t) }
        return (m.units / m.seconds, m.units / max(cpuSeconds() - cpu, 1e-6))
    }
    for c in cases { _ = (rate(one, c.transformer), rate(two, c.transformer)) }  // warm-up: clones, caches
    var best = Array(repeating: (one: 0.0, two: 0.0, oneCPU: 0.0, twoCPU: 0.0), count: cases.count)
    for _ in 0..<rounds {
        for (i, c) in cases.enumerated() {
            let r1 = rate(one, c.transformer), r2 = rate(two, c.transformer)
            best[i].one = max(best[i].one, r1.wall)
            best[i].two = max(best[i].two, r2.wall)
            best[i].oneCPU = max(best[i].oneCPU, r1.cpu)
            best[i].twoCPU = max(best[i].twoCPU, r2.cpu)
        }
    }
    print("transformation | 1 thread, points/s | 2 threads, points/s | speed-up | points per CPU s, 1 thread | 2 threads")
    print("---|---|---|---|---|---")
    for (c, r) in zip(cases, best) {
        print("\(c.name) | \(fmt(r.one / 1e6)) M | \(fmt(r.two / 1e6)) M | \(fmt(r.two / r.one))x | \(fmt(r.oneCPU / 1e6)) M | \(fmt(r.twoCPU / 1e6)) M")
    }

    // The fast path against PROJ over the whole grid.
    let grid = PointBuffers.oneThread
    let fast = try Transformer(from: .wgs84, to: .webMercator), proj = try Transformer(from: .wgs84, to: .webMercator, engine: .proj)
    _ = grid.transform(0, with: fast)
    let fastXY = Array(grid.buffers[0])
    _ = grid.transform(0, with: proj)
    let difference = zip(fastXY, grid.buffers[0]).map { abs($0 - $1) }.max()!
    print("\nfast path against PROJ, \(grid.pointsPerThread) points: largest difference \(difference) m")

    // Creating a pair for the first time in the process (a proj.db search), a cached pair,
    // and a pair's first use on a new thread (a context and a clone).
    print("\ncost | ms")
    print("---|---")
    for target in ["EPSG:4548", "EPSG:32649", "EPSG:2383"] {
        let crs = try CRS(target)
        let m = measure { _ = try! Transformer(from: .wgs84, to: crs); return 1 }
        print("first EPSG:4326 → \(target) in the process | \(fmt(m.seconds * 1000))")
    }
    let crsCost = measure { for _ in 0..<100 { _ = try! CRS("EPSG:4547") }; return 100 }
    print("CRS(\"EPSG:4547\") (per call) | \(fmt(crsCost.seconds / crsCost.units * 1000))")
    let gk = try CRS("EPSG:4548")
    let cached = measure { for _ in 0..<1000 { _ = try! Transformer(from: .wgs84, to: gk) }; return 1000 }
    print("EPSG:4326 → EPSG:4548 again (cached, per call) | \(fmt(cached.seconds / cached.units * 1000))")
    print("EPSG:4326 → EPSG:4548 first use on a new thread | \(fmt(try firstUseOnNewThread(to: gk) * 1000))")
}

/// Seconds for a transformer's first point on a thread that has never used PROJ: the
/// thread's context, and the clone of the cached transformation into it.
func firstUseOnNewThread(to crs: CRS) throws -> Double {
    let t = try Transformer(from: .wgs84, to: crs)
    final class Result: @unchecked Sendable { var seconds = 0.0 }
    let result = Result(), done = DispatchSemaphore(value: 0)
    Thread {
        result.seconds = measure { t.transform(x: 114, y: 33.5) == nil ? 0 : 1 }.seconds
        done.signal()
    }.start()
    done.wait()
    return result.seconds
}
