import Foundation
import Testing
@testable import Projection

/// Transformers used from many tasks and threads at once: every thread gets its own PROJ
/// context and clone, and the numbers are the same as on one thread, to the bit.
@Suite("Projection across threads")
struct ConcurrencyTests {
    /// 20,000 points around the district, different for each `seed`.
    static func points(seed: Int) -> [Double] {
        (0..<20_000).flatMap { i -> [Double] in
            let k = Double(i * 7 + seed * 13)
            return [113.5 + (k * 0.000_37).truncatingRemainder(dividingBy: 1), 33.0 + (k * 0.000_91).truncatingRemainder(dividingBy: 1)]
        }
    }

    static let targets = ["EPSG:4547", "EPSG:32650", "EPSG:3857", "EPSG:4546", "EPSG:2383"]

    static func transformed(_ points: [Double], to target: String, engine: Transformer.Engine = .proj) throws -> [Double] {
        let t = try Transformer(from: .wgs84, to: CRS(target), engine: engine)
        var xy = points
        let failed = xy.withUnsafeMutableBufferPointer { t.transform($0) }
        #expect(failed == 0)
        return xy
    }

    @Test func tasksGetTheResultsOfOneThread() async throws {
        let jobs = (0..<16).map { (seed: $0, target: Self.targets[$0 % Self.targets.count]) }
        let expected = try jobs.map { try Self.transformed(Self.points(seed: $0.seed), to: $0.target) }
        let actual = try await withThrowingTaskGroup(of: (Int, [Double]).self) { group in
            for (i, job) in jobs.enumerated() {
                group.addTask { (i, try Self.transformed(Self.points(seed: job.seed), to: job.target)) }
            }
            var results = [[Double]](repeating: [], count: jobs.count)
            for try await (i, xy) in group { results[i] = xy }
            return results
        }
        for i in jobs.indices { #expect(actual[i] == expected[i], "job \(i) to \(jobs[i].target)") }
    }

    /// Threads that start, create transformations no thread has used yet, race each other
    /// for them, and end (freeing their PROJ context and clones).
    @Test func shortLivedThreadsRacingForNewTransformations() throws {
        let sources = ["EPSG:4490", "EPSG:4610", "EPSG:4214"]  // CGCS2000, Xian 1980, Beijing 1954
        let points = Self.points(seed: 99)
        let expected = try sources.map { source in
            let t = try Transformer(from: CRS(source), to: CRS("EPSG:4548"))
            var xy = points
            _ = xy.withUnsafeMutableBufferPointer { t.transform($0) }
            return xy
        }
        let results = Results(count: 24)
        let done = DispatchGroup()
        for i in 0..<24 {
            done.enter()
            let thread = Thread {
                defer { done.leave() }
                do {
                    // Each thread asks for the pair in its own CRS spelling first time round.
                    let source = try CRS(sources[i % sources.count])
                    let t = try Transformer(from: source, to: CRS("urn:ogc:def:crs:EPSG::4548"))
                    var xy = points
                    _ = xy.withUnsafeMutableBufferPointer { t.transform($0) }
                    results.set(i, xy)
                } catch {
                    results.set(i, [])
                }
            }
            thread.start()
        }
        done.wait()
        for i in 0..<24 { #expect(results.get(i) == expected[i % sources.count], "thread \(i)") }
    }

    @Test func theWebMercatorFastPathIsThreadSafeToo() async throws {
        let points = Self.points(seed: 5)
        let expected = try Self.transformed(points, to: "EPSG:3857", engine: .automatic)
        try await withThrowingTaskGroup(of: [Double].self) { group in
            for _ in 0..<8 { group.addTask { try Self.transformed(points, to: "EPSG:3857", engine: .automatic) } }
            for try await xy in group { #expect(xy == expected) }
        }
    }
}

/// Results written by threads, read after they are done.
final class Results: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [[Double]]
    init(count: Int) { values = Array(repeating: [], count: count) }
    func set(_ i: Int, _ v: [Double]) { lock.withLock { values[i] = v } }
    func get(_ i: Int) -> [Double] { lock.withLock { values[i] } }
}
