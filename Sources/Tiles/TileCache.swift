import Geometry

/// Decoded tiles kept across the maps of a process (a batch, an atlas, the pages of a
/// report), within a memory bound: the least recently used tiles go first. Shared by every
/// thread; a tile two threads want at once may be decoded twice, which costs less than
/// making one wait on the other's decoding.
public final class TileCache: @unchecked Sendable {
    /// A tile of one archive.
    public struct Key: Hashable, Sendable {
        /// The archive's name (its path or template).
        public var archive: String
        /// The tile.
        public var tile: TileID
    }

    /// What a tile turned out to be: features, or the reason it could not be decoded (kept
    /// too, so that a bad tile is reported once per map without being decoded again).
    public enum Entry: Sendable {
        /// The tile's layers, decoded.
        case decoded(DecodedTile)
        /// Why the tile could not be read or decoded.
        case failed(String)
        /// The archive has no such tile: nothing to draw there.
        case missing
    }

    /// Bytes of decoded tiles kept at most (256 MiB by default; about 600 tiles of a
    /// city-centre OpenMapTiles extract at zoom 14).
    public let capacity: Int
    private let lock = Lock()
    private var entries: [Key: (entry: Entry, cost: Int, used: UInt64)] = [:]
    private var total = 0
    private var clock: UInt64 = 0
    /// Lookups answered from the cache, for benchmarks and tests.
    public private(set) var hits = 0
    /// Lookups that had to load the tile.
    public private(set) var misses = 0

    /// The process's cache, 256 MiB, which tile sources use unless given another.
    public static let shared = TileCache(capacity: 256 << 20)

    /// A cache keeping at most `capacity` bytes of decoded tiles.
    public init(capacity: Int) {
        self.capacity = capacity
    }

    /// The tile's entry, from the cache or made by `load` and kept.
    public func entry(_ key: Key, load: () -> Entry) -> Entry {
        if let found = lock.locked({ () -> Entry? in
            guard var e = entries[key] else { misses += 1; return nil }
            clock += 1
            e.used = clock
            entries[key] = e
            hits += 1
            return e.entry
        }) { return found }
        let entry = load()
        let cost: Int = switch entry {
        case .decoded(let tile): tile.byteCost
        case .failed(let message): 64 + message.utf8.count
        case .missing: 64
        }
        lock.locked {
            clock += 1
            if let old = entries[key] { total -= old.cost }
            entries[key] = (entry, cost, clock)
            total += cost
            if total > capacity { evict() }
        }
        return entry
    }

    /// Drops the least recently used half of the budget's worth of tiles at once, so that
    /// a steady stream of new tiles does not sort the table for every insertion.
    private func evict() {
        let byAge = entries.sorted { $0.value.used < $1.value.used }
        for (key, value) in byAge where total > capacity / 2 {
            entries[key] = nil
            total -= value.cost
        }
    }

    /// The number of tiles kept.
    public var count: Int { lock.locked { entries.count } }
    /// About the memory the kept tiles hold, in bytes.
    public var bytes: Int { lock.locked { total } }
}
