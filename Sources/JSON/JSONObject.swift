/// A JSON object that keeps its members in document order.
///
/// Order matters to people (a written file reads like its source) but not to equality: two
/// objects with the same members in another order are equal, as in JSON. Lookups are linear
/// for small objects and go through an index for large ones.
public struct JSONObject: Sendable, Hashable, Sequence {
    public struct Entry: Sendable, Hashable {
        public var key: String
        public var value: JSONValue
        public init(key: String, value: JSONValue) {
            self.key = key
            self.value = value
        }
    }

    public private(set) var entries: [Entry]
    private var index: [String: Int]?

    private static let indexThreshold = 12

    /// Members in order; for a repeated key the last one wins, as in JavaScript.
    public init(_ entries: [Entry] = []) {
        var unique: [Entry] = []
        unique.reserveCapacity(entries.count)
        var positions: [String: Int] = [:]
        for entry in entries {
            if let at = positions[entry.key] {
                unique[at].value = entry.value
            } else {
                positions[entry.key] = unique.count
                unique.append(entry)
            }
        }
        self.entries = unique
        self.index = unique.count > Self.indexThreshold ? positions : nil
    }

    public var count: Int { entries.count }
    public var isEmpty: Bool { entries.isEmpty }
    public var keys: [String] { entries.map(\.key) }

    public subscript(key: String) -> JSONValue? {
        get {
            if let index { return index[key].map { entries[$0].value } }
            for entry in entries where entry.key == key { return entry.value }
            return nil
        }
        set {
            let position = index?[key] ?? entries.firstIndex { $0.key == key }
            switch (position, newValue) {
            case (let at?, let value?): entries[at].value = value
            case (let at?, nil):
                entries.remove(at: at)
                rebuildIndex()
            case (nil, let value?):
                entries.append(Entry(key: key, value: value))
                if index != nil || entries.count > Self.indexThreshold { rebuildIndex() }
            case (nil, nil): break
            }
        }
    }

    private mutating func rebuildIndex() {
        guard entries.count > Self.indexThreshold else { index = nil; return }
        var positions: [String: Int] = [:]
        for (i, entry) in entries.enumerated() { positions[entry.key] = i }
        index = positions
    }

    public func makeIterator() -> IndexingIterator<[Entry]> { entries.makeIterator() }

    public static func == (a: JSONObject, b: JSONObject) -> Bool {
        guard a.count == b.count else { return false }
        for entry in a.entries where b[entry.key] != entry.value { return false }
        return true
    }

    public func hash(into hasher: inout Hasher) {
        // Order-independent: combine per-member hashes commutatively.
        var combined = 0
        for entry in entries {
            var h = Hasher()
            h.combine(entry.key)
            h.combine(entry.value)
            combined ^= h.finalize()
        }
        hasher.combine(count)
        hasher.combine(combined)
    }
}

extension JSONObject: ExpressibleByDictionaryLiteral {
    /// `["name": "源汇区", "pop": 12]`, members in the order written.
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self.init(elements.map { Entry(key: $0.0, value: $0.1) })
    }
}
