import Cartouche
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Hummingbird
import Logging

/// `cartouche serve`: `MapService` behind Hummingbird 2 on HTTP/1.1. Every request is
/// logged as one line of JSON and counted in the metrics; SIGTERM and SIGINT stop the
/// server gracefully: it stops accepting connections and finishes the requests in flight.
public struct CartoucheServer: Sendable {
    /// What the server answers, route by route.
    public let service: MapService

    /// A server answering with `service`.
    public init(service: MapService) { self.service = service }

    /// The Hummingbird application on the configured address and port; `onRunning` is called
    /// with the port it listens on, once it does.
    public func application(onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) -> some ApplicationProtocol {
        let service = self.service
        let configuration = service.configuration
        let logger = Logger(label: "cartouche.serve") { _ in JSONLogHandler() }
        let responder = CallbackResponder<BasicRequestContext> { request, context in
            await Self.respond(request, service: service, logger: logger)
        }
        return Application(
            responder: responder,
            server: .http1(configuration: .init(idleTimeout: .milliseconds(Int64(configuration.idleTimeout * 1000)))),
            configuration: ApplicationConfiguration(address: .hostname(configuration.bind, port: configuration.port),
                                                    serverName: "cartouche"),
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? configuration.port) },
            logger: logger)
    }

    static func respond(_ request: Request, service: MapService, logger: Logger) async -> Response {
        let start = DispatchTime.now().uptimeNanoseconds
        let path = request.uri.path
        let route = MapService.route(of: path)
        var reply: Reply
        if request.uri.string.utf8.count > service.configuration.maxURILength {
            reply = .text(414, "the request target is longer than \(service.configuration.maxURILength) bytes")
        } else if request.method != .get && request.method != .head {
            reply = .text(405, "only GET and HEAD are answered")
            reply.headers.append(("Allow", "GET, HEAD"))
        } else {
            reply = await service.handle(path: path, query: request.uri.query, host: request.head.authority,
                                         ifNoneMatch: request.headers[.ifNoneMatch])
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        service.metrics.record(route: route, status: reply.status, seconds: seconds)
        logger.info("request", metadata: [
            "method": "\(request.method)", "path": "\(path.prefix(200))", "status": "\(reply.status)",
            "ms": "\(Int(seconds * 1000))", "bytes": "\(reply.body.count)",
        ])
        // What the map could not show as asked goes to the log, never to the client.
        for warning in reply.warnings {
            logger.warning("map warning", metadata: ["path": "\(path.prefix(200))", "warning": "\(warning.prefix(500))"])
        }
        var headers = HTTPFields()
        headers[.contentType] = reply.contentType
        for (name, value) in reply.headers {
            switch name {
            case "ETag": headers[.eTag] = value
            case "Cache-Control": headers[.cacheControl] = value
            case "Retry-After": headers[.retryAfter] = value
            case "Allow": headers[.allow] = value
            default: break
            }
        }
        let body = request.method == .head || reply.status == 304 ? ResponseBody() : ResponseBody(byteBuffer: ByteBuffer(bytes: reply.body))
        headers[.contentLength] = "\(reply.body.count)"
        return Response(status: .init(code: reply.status), headers: headers, body: body)
    }

    /// Runs until SIGTERM or SIGINT.
    public func run(onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        try await application(onRunning: onRunning).runService()
    }
}

/// swift-log handler writing one JSON object per line to standard error: time, level,
/// message and metadata, for log collectors (Kubernetes, Loki).
struct JSONLogHandler: LogHandler {
    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]
    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var all = metadata
        if let extra = event.metadata { all.merge(extra) { $1 } }
        var line = "{\"time\":\"\(Date().ISO8601Format())\",\"level\":\"\(event.level)\",\"message\":\(Self.quote("\(event.message)"))"
        for key in all.keys.sorted() { line += ",\(Self.quote(key)):\(Self.quote("\(all[key]!)"))" }
        line += "}\n"
        // write(2), not FileHandle: a closed standard error (the reader gone) must not stop
        // the server, and FileHandle traps on EPIPE.
        var bytes = Array(line.utf8)
        _ = bytes.withUnsafeMutableBytes { Glibc.write(2, $0.baseAddress, $0.count) }
    }

    static func quote(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case _ where u.value < 0x20: out += "\\u" + String(u.value, radix: 16).leftPadded(4)
            default: out.unicodeScalars.append(u)
            }
        }
        return out + "\""
    }
}
