import Foundation
import Testing
import TestSupport

/// Requests a server on a network will get: each answered with a 4xx and one line saying
/// why, no file outside the configured styles read, and the server still answering after.
@Suite("Bad and hostile requests")
struct HostileRequestTests {
    let server = ServerProcess.shared

    func expect(_ target: String, _ status: Int, _ fragment: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let r = try server.get(target)
        #expect(r.status == status, "\(target): \(r.status) \(r.text)", sourceLocation: sourceLocation)
        #expect(r.text.contains(fragment), "\(target): \(r.text)", sourceLocation: sourceLocation)
        #expect(r.text.split(separator: "\n").count == 1, "one line: \(r.text)", sourceLocation: sourceLocation)
    }

    @Test func unknownStyle() throws {
        try expect("/styles/nope/static/auto/100x100.png", 404, #"no style "nope""#)
        try expect("/styles/nope.json", 404, #"no style "nope""#)
        try expect("/styles/nope/1/0/0.png", 404, #"no style "nope""#)
    }

    @Test func malformedNumbers() throws {
        try expect("/styles/yuanhui/static/abc,33.5,12/100x100.png", 400, #"longitude "abc" is not a number"#)
        try expect("/styles/yuanhui/static/nan,33.5,12/100x100.png", 400, "is not a number")
        try expect("/styles/yuanhui/static/114,1e999,12/100x100.png", 400, "is not a number")
        try expect("/styles/yuanhui/static/0x1p3,33,12/100x100.png", 400, "is not a number")
        try expect("/styles/yuanhui/static/114,33.5,12/10.5x100.png", 400, "whole pixels")
        try expect("/styles/yuanhui/12/3345/16a.png", 400, "not a whole number")
        try expect("/styles/yuanhui/static/114,33.5,12,9,1/100x100.png", 400, "expected lon,lat,zoom")
    }

    @Test func zoomAndSizeOutOfRange() throws {
        try expect("/styles/yuanhui/static/114,33.5,25/100x100.png", 400, "zoom 25 is outside 0 to 24")
        try expect("/styles/yuanhui/static/114,33.5,12/4000x100.png", 400, "1 to 2048 pixels (this server's limit)")
        try expect("/styles/yuanhui/static/114,33.5,12/0x100.png", 400, "out of range")
        try expect("/styles/yuanhui/static/114,33.5,12/100x100@9x.png", 400, "over the limit")
        try expect("/styles/yuanhui/static/114,95,12/100x100.png", 400, "latitude 95 is outside")
        try expect("/styles/yuanhui/21/0/0.png", 400, "over the maximum of 20")
        try expect("/styles/yuanhui/3/8/0.png", 400, "does not exist")
    }

    @Test func boundingBoxWithMinAboveMax() throws {
        try expect("/styles/yuanhui/static/114.1,33.5,113.9,33.6/100x100.png", 400, "min must be less than max")
        try expect("/styles/yuanhui/static/113.9,33.6,114.1,33.5/100x100.png", 400, "min must be less than max")
    }

    @Test func unknownCRS() throws {
        try expect("/styles/yuanhui/static/auto/100x100.png?crs=EPSG:99999", 400, #"crs "EPSG:99999" is not known to PROJ"#)
        try expect("/styles/yuanhui/static/auto/100x100.png?crs=%2Bproj%3Dnope", 400, "is not known to PROJ")
    }

    /// `..` and its encodings in any segment; a backslash; a NUL. Nothing is read from the
    /// file system for a request but the Leaflet files named in the server's own list.
    @Test func pathTraversalInAnySegment() throws {
        for target in ["/styles/../../etc/passwd", "/styles/%2e%2e/static/auto/100x100.png",
                       "/styles/yuanhui/%2E%2E/%2E%2E/etc/passwd", "/styles/yuanhui/static/..%2f..%2fetc%2fpasswd/1x1.png",
                       "/leaflet/..%2F..%2F..%2Fetc%2Fpasswd", "/leaflet/images/..%5c..%5cpasswd", "/styles/yuanhui%00/static/auto/1x1.png",
                       "/viewer/..", "/styles/yuanhui/12/3345/..%2f1642.png"] {
            let r = try server.get(target)
            #expect((400...404).contains(r.status), "\(target): \(r.status)")
            #expect(!r.text.contains("root:"), "\(target) must not read /etc/passwd")
        }
        try expect("/styles/yuanhui/static/auto/100x100.png?layout=..%2F..%2FStyles%2Freport-a4", 400, "is not offered")
        try expect("/leaflet/leaflet.js.map", 404, "no such file")
        let ok = try server.get("/leaflet/leaflet.js")
        #expect(ok.status == 200 && ok.text.contains("Leaflet"))
    }

    @Test func hugeQueryStrings() throws {
        // Over the server's 8192-byte limit: 414 with the reason.
        try expect("/styles/yuanhui/static/auto/100x100.png?x=" + String(repeating: "a", count: 10_000), 414, "longer than 8192 bytes")
        // Over HTTP parsing's 80 kB header limit: refused before routing, connection kept safe.
        let huge = try server.get("/styles/yuanhui/static/auto/100x100.png?x=" + String(repeating: "a", count: 200_000))
        #expect((400...499).contains(huge.status), "\(huge.status)")
        let many = try server.get("/styles/yuanhui/static/auto/100x100.png?" + Array(repeating: "a=1", count: 300).joined(separator: "&"))
        #expect(many.status == 400 && many.text.contains("more than 256 parameters"))
        let longState = try server.get("/styles/yuanhui/static/auto/100x100.png?state=" + String(repeating: "%20", count: 2000))
        #expect(longState.status == 400)
        // Still answering.
        #expect(try server.get("/health").status == 200)
    }

    @Test func badOverlaysAndMethods() throws {
        try expect("/styles/yuanhui/static/auto/100x100.png?path=113.9,33.5", 400, "at least two")
        try expect("/styles/yuanhui/static/auto/100x100.png?path=stroke:notacolour|113.9,33.5|114,33.6", 400, "not a CSS colour")
        try expect("/styles/yuanhui/static/auto/100x100.png?marker=200,33", 400, "is not a longitude,latitude")
        try expect("/styles/yuanhui/static/auto/100x100.png?state=%5B1%5D", 400, "state must be a JSON object")
        try expect("/styles/yuanhui/static/auto/100x100.png?x=%zz", 400, "malformed percent-escape")
        let fd = try RawHTTP.connect(port: server.port)
        defer { close(fd) }
        _ = RawHTTP.send(fd, Array("POST /health HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".utf8))
        let r = try RawHTTP.parse(RawHTTP.readAll(fd))
        #expect(r.status == 405)
    }

    /// A client that sends half a request and stops is cut off after the idle time, and
    /// while fifty of them hang, others are answered at once.
    @Test func slowClients() throws {
        let dir = try ScratchDirectory.make("slow")
        try #"{"styles": {"yuanhui": "\#(ServerProcess.root)/Styles/yuanhui.json"}, "idleTimeout": 2}"#
            .write(toFile: dir + "/serve.json", atomically: true, encoding: .utf8)
        let slow = try ServerProcess(["--config", dir + "/serve.json"])
        defer { slow.stop() }
        var hanging: [Int32] = []
        for _ in 0..<50 {
            let fd = try RawHTTP.connect(port: slow.port, timeout: 10)
            _ = RawHTTP.send(fd, Array("GET /styles/yuanhui/static/auto/100x1".utf8))
            hanging.append(fd)
        }
        defer { hanging.forEach { close($0) } }
        let start = Date()
        let r = try slow.get("/styles/yuanhui/static/auto/200x200.png", timeout: 10)
        #expect(r.status == 200)
        #expect(Date().timeIntervalSince(start) < 5)
        // Cut off: reading returns end of file (or nothing) within the idle time and a little.
        let readStart = Date()
        let bytes = RawHTTP.readAll(hanging[0])
        #expect(Date().timeIntervalSince(readStart) < 8, "the stalled connection was closed")
        #expect(bytes.isEmpty || String(decoding: bytes, as: UTF8.self).hasPrefix("HTTP/1.1 4"))
    }
}
