import Foundation
import Testing
import TestSupport

/// What running the server in production needs: health, metrics, caching headers, load
/// shedding, a time limit and a graceful stop.
@Suite("Operations")
struct OperationsTests {
    let server = ServerProcess.shared

    @Test func healthAndTileJSON() throws {
        let h = try server.get("/health")
        #expect(h.status == 200 && h.text.contains(#""status":"ok""#))
        let t = try server.get("/styles/yuanhui.json")
        let json = try JSONSerialization.jsonObject(with: Data(t.body)) as! [String: Any]
        #expect(json["tilejson"] as? String == "3.0.0")
        let url = (json["tiles"] as! [String])[0]
        #expect(url == server.url("/styles/yuanhui/{z}/{x}/{y}.png"))
        let tile = try server.get("/styles/yuanhui/12/3345/1642.png")
        #expect(tile.status == 200 && pngSize(tile.body)! == (256, 256))
        let retina = try server.get("/styles/yuanhui/12/3345/1642@2x.png")
        #expect(pngSize(retina.body)! == (512, 512))
    }

    @Test func etagAndCacheControl() throws {
        let target = "/styles/yuanhui/static/114.0,33.56,12/300x200.png"
        let first = try server.get(target)
        let tag = try #require(first.header("etag"))
        #expect(first.header("cache-control") == "public, max-age=3600")
        let second = try server.get(target)
        #expect(second.header("etag") == tag)
        let revalidated = try server.get(target, headers: ["If-None-Match": tag])
        #expect(revalidated.status == 304)
        #expect(revalidated.body.isEmpty)
        let other = try server.get(target, headers: ["If-None-Match": "\"something-else\""])
        #expect(other.status == 200)
    }

    @Test func metricsCountRequestsAndCacheHits() throws {
        _ = try server.get("/styles/yuanhui/static/114.0,33.56,12/120x100.png")
        _ = try server.get("/styles/yuanhui/static/114.0,33.56,12/120x100.png")
        _ = try server.get("/styles/nope/static/auto/1x1.png")
        let m = try server.get("/metrics")
        #expect(m.status == 200)
        let text = m.text
        #expect(text.contains(#"cartouche_requests_total{route="static",status="2xx"}"#))
        #expect(text.contains(#"cartouche_requests_total{route="static",status="4xx"}"#))
        #expect(text.contains(#"cartouche_request_duration_seconds_bucket{route="static",le="0.1"}"#))
        #expect(text.contains("cartouche_renders_in_flight"))
        let hits = text.split(separator: "\n").first { $0.hasPrefix("cartouche_cache_hits_total ") }
        #expect(Double(hits?.split(separator: " ").last ?? "0") ?? 0 >= 1, "\(hits ?? "no cache_hits line")")
        // Log lines are JSON, one per request.
        let log = server.stderr.split(separator: "\n").last { $0.contains(#""path":"/metrics""#) || $0.contains("/styles/nope") }
        #expect(log.map { (try? JSONSerialization.jsonObject(with: Data($0.utf8))) != nil } == true)
    }

    /// One drawing slot and one place in line: of eight different maps asked for at once,
    /// some are refused with 503 and Retry-After, and every other one is drawn.
    @Test func fullQueueAnswers503() throws {
        let flood = try ServerProcess([ServerProcess.root + "/Styles/yuanhui.json", "--render-slots", "1", "--queue", "1"])
        defer { flood.stop() }
        let results = LockedArray<HTTPResponse>()
        let group = DispatchGroup()
        // Threads of their own: the test process may have fewer cores than requests.
        for i in 0..<8 {
            group.enter()
            Thread.detachNewThread {
                if let r = try? flood.get("/styles/yuanhui/static/auto/\(900 + i)x900@2x.png", timeout: 120) { results.append(r) }
                group.leave()
            }
        }
        group.wait()
        let all = results.values
        #expect(all.count == 8)
        let refused = all.filter { $0.status == 503 }
        #expect(refused.count >= 1, "\(all.map(\.status))")
        #expect(all.allSatisfy { $0.status == 200 || $0.status == 503 }, "\(all.map(\.status))")
        #expect(all.filter { $0.status == 200 }.count >= 2, "the slot and the place in line are served")
        for r in refused {
            #expect(r.header("retry-after") == "1")
            #expect(r.text.contains("the server is busy"))
        }
        #expect(try flood.get("/metrics").text.contains("cartouche_rejected_total"))
    }

    @Test func timeLimit() throws {
        let limited = try ServerProcess([ServerProcess.root + "/Styles/yuanhui.json", "--time-limit", "0.01"])
        defer { limited.stop() }
        let r = try limited.get("/styles/yuanhui/static/auto/2000x2000@2x.png", timeout: 60)
        #expect(r.status == 503)
        #expect(r.text.contains("time limit of 0.01 s"))
        #expect(r.header("retry-after") != nil)
    }

    /// SIGTERM while a map is drawing: the map is still delivered, then the process exits 0.
    @Test func sigtermFinishesWhatIsInFlight() throws {
        let s = try ServerProcess([ServerProcess.root + "/Styles/yuanhui.json"])
        let result = LockedArray<HTTPResponse>()
        let done = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            if let r = try? s.get("/styles/yuanhui/static/auto/2000x2000@2x.png", timeout: 120) { result.append(r) }
            done.signal()
        }
        // Wait until the map is drawing.
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline, !((try? s.get("/metrics").text.contains("cartouche_renders_in_flight 1")) ?? false) {
            Thread.sleep(forTimeInterval: 0.05)
        }
        kill(s.process.processIdentifier, SIGTERM)
        done.wait()
        s.process.waitUntilExit()
        #expect(result.values.first?.status == 200)
        #expect(pngSize(result.values.first?.body ?? []).map { $0 == (4000, 4000) } == true)
        #expect(s.process.terminationStatus == 0)
        #expect((try? RawHTTP.connect(port: s.port, timeout: 2)) == nil, "no longer listening")
    }
}

final class LockedArray<T>: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [T] = []
    func append(_ t: T) { lock.lock(); items.append(t); lock.unlock() }
    var values: [T] { lock.lock(); defer { lock.unlock() }; return items }
}
