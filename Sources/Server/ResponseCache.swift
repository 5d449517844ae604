import Cartouche

/// Rendered maps and tiles kept in memory, least recently used dropped first, up to a
/// byte budget. Each entry has a strong ETag (a SHA-256 of its bytes), so a client or a
/// CDN that sends `If-None-Match` gets 304 without the bytes, and replicas behind a
/// Service give the same tag for the same map.
public final class ResponseCache: @unchecked Sendable {
    /// A cached response: its bytes, type and tag.
    public struct Item: Sendable {
        /// The image or document.
        public var body: [UInt8]
        /// Its `Content-Type`.
        public var contentType: String
        /// Its strong `ETag`, quotes included.
        public var etag: String
    }

    private let lock = Lock()
    private let budget: Int
    private var items: [String: (item: Item, tick: UInt64)] = [:]
    private var bytes = 0
    private var tick: UInt64 = 0

    /// A cache of at most `bytes` bytes of bodies.
    public init(bytes: Int) { budget = max(0, bytes) }

    /// The response cached under `key` (the request target), marked as used.
    public func get(_ key: String) -> Item? {
        lock.locked {
            guard var entry = items[key] else { return nil }
            tick += 1
            entry.tick = tick
            items[key] = entry
            return entry.item
        }
    }

    /// The ETag of a body: the first 128 bits of its SHA-256, quoted.
    public static func etag(_ body: [UInt8]) -> String { "\"\(Checksum.sha256(body).prefix(32))\"" }

    /// Caches a body under `key` and returns it with its ETag; a body over a quarter of the
    /// budget is not kept.
    @discardableResult
    public func put(_ key: String, body: [UInt8], contentType: String) -> Item {
        let item = Item(body: body, contentType: contentType, etag: Self.etag(body))
        guard body.count <= budget / 4 else { return item }
        lock.locked {
            tick += 1
            if let old = items[key] { bytes -= old.item.body.count }
            items[key] = (item, tick)
            bytes += body.count
            if bytes > budget {
                // Evict the oldest quarter at once: one sort per many insertions.
                let oldest = items.sorted { $0.value.tick < $1.value.tick }.prefix(max(1, items.count / 4))
                for (k, v) in oldest where bytes > budget * 3 / 4 || k != key {
                    items[k] = nil
                    bytes -= v.item.body.count
                }
            }
        }
        return item
    }

    /// The number of responses kept.
    public var count: Int { lock.locked { items.count } }
}
