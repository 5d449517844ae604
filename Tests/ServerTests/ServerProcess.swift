import Foundation
import Testing

/// A `cartouche serve` process on a loopback port it picked itself (`--port 0`), read from
/// its "serving ... on http://127.0.0.1:PORT" line. Tests talk to it over real sockets.
final class ServerProcess: @unchecked Sendable {
    static let root = String(#filePath).components(separatedBy: "/Tests/")[0]
    static let binary: String = {
        let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        return URL(fileURLWithPath: exe).deletingLastPathComponent().appendingPathComponent("cartouche").path
    }()

    let process = Process()
    let port: Int
    private let errors: Pipe
    private let log = LogBuffer()

    /// The shared server of the suites that only read: the demo style and the atlas style,
    /// the A4 report layout.
    static let shared: ServerProcess = try! ServerProcess(["--config", root + "/Tests/ServerTests/Fixtures/serve.json"])

    /// Every server started, stopped when the test process exits (a static's deinit never
    /// runs, and a server left behind would keep its port).
    private static let running = LockedArray<ServerProcess>()
    private static let stopAtExit: Void = { atexit { for s in ServerProcess.running.values { s.kill() } } }()

    init(_ arguments: [String]) throws {
        process.executableURL = URL(fileURLWithPath: Self.binary)
        process.arguments = ["serve", "--port", "0", "--bind", "127.0.0.1"] + arguments
        process.currentDirectoryURL = URL(fileURLWithPath: Self.root)
        errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        _ = Self.stopAtExit
        try process.run()
        let handle = errors.fileHandleForReading
        var found: Int?
        var seen = ""
        let deadline = Date().addingTimeInterval(120)
        while found == nil, Date() < deadline {
            let data = handle.availableData
            if data.isEmpty { break }
            seen += String(decoding: data, as: UTF8.self)
            if let range = seen.range(of: #"serving \d+ style\(s\) on http://127\.0\.0\.1:(\d+)"#, options: .regularExpression) {
                found = Int(seen[range].split(separator: ":").last!)
            }
        }
        guard let found else {
            Glibc.kill(process.processIdentifier, SIGKILL)
            throw ServerStartError(output: seen)
        }
        port = found
        Self.running.append(self)
        log.append(seen)
        let log = self.log
        handle.readabilityHandler = { h in
            let d = h.availableData
            if !d.isEmpty { log.append(String(decoding: d, as: UTF8.self)) }
        }
    }

    deinit { if process.isRunning { process.terminate() } }

    /// What the server has written to standard error (its JSON log lines).
    var stderr: String { log.text }

    func get(_ target: String, headers: [String: String] = [:], timeout: Double = 60) throws -> HTTPResponse {
        try RawHTTP.get(port: port, target: target, headers: headers, timeout: timeout)
    }

    func url(_ target: String) -> String { "http://127.0.0.1:\(port)\(target)" }

    /// SIGKILL, for the exit handler: nothing to wait for.
    func kill() { if process.isRunning { Glibc.kill(process.processIdentifier, SIGKILL) } }

    func stop() {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
    }
}

struct ServerStartError: Error, CustomStringConvertible {
    var output: String
    var description: String { "the server did not start: \(output)" }
}

final class LogBuffer: @unchecked Sendable {
    private let lock = NSLock()
    private var buffer = ""
    func append(_ s: String) { lock.lock(); buffer += s; lock.unlock() }
    var text: String { lock.lock(); defer { lock.unlock() }; return buffer }
}

struct HTTPResponse {
    var status: Int
    var headers: [String: String]
    var body: [UInt8]
    var text: String { String(decoding: body, as: UTF8.self) }
    func header(_ name: String) -> String? { headers[name.lowercased()] }
}

/// HTTP/1.1 over a plain socket, so that tests send exactly the bytes they mean (a `..`
/// segment, a 100 kB query, half a request) without a client library tidying them.
enum RawHTTP {
    static func connect(port: Int, timeout: Double = 60) throws -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EIO) }
        var tv = timeval(tv_sec: Int(timeout), tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = in_port_t(UInt16(port).bigEndian)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let r = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        guard r == 0 else { close(fd); throw POSIXError(.ECONNREFUSED) }
        return fd
    }

    static func send(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n <= 0 { return false }
            sent += n
        }
        return true
    }

    /// Reads until the server closes the connection (requests say `Connection: close`).
    static func readAll(_ fd: Int32) -> [UInt8] {
        var out: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = recv(fd, &buffer, buffer.count, 0)
            if n <= 0 { break }
            out += buffer[0..<n]
        }
        return out
    }

    static func parse(_ raw: [UInt8]) throws -> HTTPResponse {
        guard let end = raw.firstRange(of: Array("\r\n\r\n".utf8)) else { throw ResponseError(raw: String(decoding: raw.prefix(300), as: UTF8.self)) }
        let head = String(decoding: raw[..<end.lowerBound], as: UTF8.self).components(separatedBy: "\r\n")
        let statusParts = head[0].split(separator: " ")
        guard statusParts.count >= 2, let status = Int(statusParts[1]) else { throw ResponseError(raw: head[0]) }
        var headers: [String: String] = [:]
        for line in head.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        var body = Array(raw[end.upperBound...])
        if headers["transfer-encoding"] == "chunked" { body = dechunk(body) }
        return HTTPResponse(status: status, headers: headers, body: body)
    }

    static func dechunk(_ b: [UInt8]) -> [UInt8] {
        var out: [UInt8] = [], i = 0
        while i < b.count, let lineEnd = b[i...].firstRange(of: Array("\r\n".utf8)) {
            let size = Int(String(decoding: b[i..<lineEnd.lowerBound], as: UTF8.self), radix: 16) ?? 0
            if size == 0 { break }
            out += b[lineEnd.upperBound..<min(b.count, lineEnd.upperBound + size)]
            i = lineEnd.upperBound + size + 2
        }
        return out
    }

    static func get(port: Int, target: String, headers: [String: String] = [:], timeout: Double = 60) throws -> HTTPResponse {
        let fd = try connect(port: port, timeout: timeout)
        defer { close(fd) }
        var request = "GET \(target) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n"
        for (k, v) in headers { request += "\(k): \(v)\r\n" }
        request += "\r\n"
        _ = send(fd, Array(request.utf8))
        return try parse(readAll(fd))
    }
}

struct ResponseError: Error, CustomStringConvertible {
    var raw: String
    var description: String { "not an HTTP response: \(raw)" }
}

/// The size of a PNG from its IHDR chunk.
func pngSize(_ bytes: [UInt8]) -> (width: Int, height: Int)? {
    guard bytes.count > 24, bytes.starts(with: [0x89, 0x50, 0x4E, 0x47]) else { return nil }
    func be(_ i: Int) -> Int { Int(bytes[i]) << 24 | Int(bytes[i + 1]) << 16 | Int(bytes[i + 2]) << 8 | Int(bytes[i + 3]) }
    return (be(16), be(20))
}

/// Runs a program and returns its exit status and output.
@discardableResult
func runTool(_ path: String, _ arguments: [String], environment: [String: String]? = nil) throws -> (status: Int32, out: String, err: String) {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: path)
    p.arguments = arguments
    if let environment { p.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 } }
    let out = Pipe(), err = Pipe()
    p.standardOutput = out
    p.standardError = err
    try p.run()
    let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return (p.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
}
