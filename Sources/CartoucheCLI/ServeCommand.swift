import ArgumentParser
import Cartouche
import Dispatch
import Foundation
import Server

struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve static maps, raster tiles and WMS 1.3.0 over HTTP, each style loaded once.",
        discussion: """
        Each STYLE is served under its file name without .json (Styles/yuanhui.json → yuanhui):
          /styles/{id}/static/{lon},{lat},{zoom}[@{bearing}]/{w}x{h}[@2x].png|svg|pdf
          /styles/{id}/static/{minLon},{minLat},{maxLon},{maxLat}/{w}x{h}[@2x].png
          /styles/{id}/static/auto/{w}x{h}.png   (?crs= ?layout= ?state= ?path= ?marker=)
          /styles/{id}/{z}/{x}/{y}[@2x].png, /styles/{id}.json (TileJSON), /viewer/{id}
          /wms?SERVICE=WMS&REQUEST=GetCapabilities|GetMap|GetLegendGraphic
          /health, /metrics (Prometheus)
        --config FILE (JSON) adds styles by id, layouts by name, WMS CRSs and limits; see README.
        SIGTERM or SIGINT stops the server after the requests in flight are answered.
        """
    )

    @Argument(help: "Style files to serve.")
    var styles: [String] = []

    @Option(help: "A JSON configuration file.")
    var config: String?

    @Option(help: "Port to listen on (0 picks a free one). Default 8080.")
    var port: Int?

    @Option(help: "Address to listen on. Default 127.0.0.1; 0.0.0.0 in a container.")
    var bind: String?

    @Option(name: .customLong("max-size"), help: "Largest width or height of a map, pixels. Default 4096.")
    var maxSize: Int?

    @Option(name: .customLong("render-slots"), help: "Maps drawn at once. Default: one per core.")
    var renderSlots: Int?

    @Option(name: .customLong("queue"), help: "Requests that may wait for a slot before the server answers 503. Default 64.")
    var queueLength: Int?

    @Option(name: .customLong("time-limit"), help: "Seconds a request may wait and draw before it is answered 503. Default 30.")
    var timeLimit: Double?

    func run() throws {
        try reportingErrors {
            var configuration = ServerConfiguration()
            if let config { try configuration.read(path: config) }
            for path in styles { configuration.styles.append((ServerConfiguration.styleID(forPath: path), path)) }
            guard !configuration.styles.isEmpty else { throw ValidationError("give at least one style, or a --config with styles") }
            if let port { configuration.port = port }
            if let bind { configuration.bind = bind }
            if let maxSize { configuration.maxSize = maxSize }
            if let renderSlots { configuration.renderSlots = max(1, renderSlots) }
            if let queueLength { configuration.queueLength = max(0, queueLength) }
            if let timeLimit { configuration.timeLimit = timeLimit }
            let catalog = try StyleCatalog(configuration: configuration)
            for id in catalog.ids {
                for warning in catalog[id]!.renderer.data.warnings { printError("cartouche: warning: \(id): \(warning)") }
            }
            let server = CartoucheServer(service: MapService(configuration: configuration, catalog: catalog))
            let done = DispatchSemaphore(value: 0)
            let failure = ErrorBox()
            let bind = configuration.bind
            let count = catalog.ids.count
            Task {
                do {
                    try await server.run { port in
                        printError("cartouche: serving \(count) style(s) on http://\(bind):\(port)")
                    }
                } catch {
                    failure.error = error
                }
                done.signal()
            }
            done.wait()
            if let error = failure.error { throw error }
            printError("cartouche: stopped")
        }
    }
}

final class ErrorBox: @unchecked Sendable {
    var error: Error?
}
