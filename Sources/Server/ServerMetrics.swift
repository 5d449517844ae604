import Prometheus

/// The Prometheus metrics at `/metrics`: requests by route and status class, latency,
/// renders in flight and waiting, cache hits and misses.
public final class ServerMetrics: Sendable {
    /// The metrics, as `/metrics` writes them in Prometheus's text format.
    public let registry = PrometheusCollectorRegistry()
    let inFlight: Gauge
    let waiting: Gauge
    let cacheHits: Counter
    let cacheMisses: Counter
    let rejected: Counter

    static let routes = ["static", "tile", "tilejson", "wms", "health", "metrics", "viewer", "other"]
    private let latency: [String: ValueHistogram]
    private let requests: [String: Counter]

    /// Registers every metric, each at zero. (The gauges count maps, which have no unit: an
    /// empty unit name leaves the name without a suffix.)
    public init() {
        inFlight = registry.makeGauge(descriptor: MetricNameDescriptor(namespace: "cartouche", metricName: "renders_in_flight", unitName: "", helpText: "Maps and metatiles being drawn"))
        waiting = registry.makeGauge(descriptor: MetricNameDescriptor(namespace: "cartouche", metricName: "renders_waiting", unitName: "", helpText: "Requests waiting for a drawing slot"))
        cacheHits = registry.makeCounter(descriptor: MetricNameDescriptor(namespace: "cartouche", metricName: "cache_hits", unitName: "total", helpText: "Responses served from the image cache"))
        cacheMisses = registry.makeCounter(descriptor: MetricNameDescriptor(namespace: "cartouche", metricName: "cache_misses", unitName: "total", helpText: "Responses that had to be drawn"))
        rejected = registry.makeCounter(descriptor: MetricNameDescriptor(namespace: "cartouche", metricName: "rejected", unitName: "total", helpText: "Requests answered 503 (queue full or time limit)"))
        let buckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30]
        var latency: [String: ValueHistogram] = [:]
        var requests: [String: Counter] = [:]
        for route in Self.routes {
            latency[route] = registry.makeValueHistogram(
                descriptor: MetricNameDescriptor(namespace: "cartouche", metricName: "request_duration", unitName: "seconds", helpText: "Time to answer a request"),
                labels: [("route", route)], buckets: buckets)
            for status in ["2xx", "3xx", "4xx", "5xx"] {
                requests[route + status] = registry.makeCounter(
                    descriptor: MetricNameDescriptor(namespace: "cartouche", metricName: "requests", unitName: "total", helpText: "Requests answered"),
                    labels: [("route", route), ("status", status)])
            }
        }
        self.latency = latency
        self.requests = requests
    }

    func record(route: String, status: Int, seconds: Double) {
        let r = Self.routes.contains(route) ? route : "other"
        latency[r]?.record(seconds)
        requests[r + "\(min(5, max(2, status / 100)))xx"]?.increment()
    }

    func text(queue: RenderQueue) -> [UInt8] {
        let load = queue.load
        inFlight.set(to: Double(load.running))
        waiting.set(to: Double(load.waiting))
        return registry.emitToBuffer()
    }
}
