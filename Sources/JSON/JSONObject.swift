/// A JSON object that keeps its members in document order.
///
/// Order matters to people (a written file reads like its source) but not to equality: two
/// objects with the same members in another order are equal, as in JSON. Lookups are linear
/// for small objects and go through an index for large ones.
public struct JSONObject: Sendable, Hashable, Sequence {
    /// One member of an object: its key and its value.
    public struct Entry: Sendable, Hashable {
        /// The member's name.
        public var key: String
        /// The member's value.
        public var value: JSONValue
        /// A member, for building objects in order (`JSONObject([Entry(key:value:), ...])`).
        public init(key: String, value: JSONValue) {
            self.key = key
            self.value = value
        }
    }

    /// The members in document order, each key once. Changed only through the subscript, which
    /// keeps the index in step.
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

    /// The number of members.
    public var count: Int { entries.count }
    /// Whether the object has no members (`{}`).
    public var isEmpty: Bool { entries.isEmpty }
    /// The keys in document order.
    public var keys: [String] { entries.map(\.key) }

    /// The value of the member `key`, nil when there is none. Setting a value replaces the member
    /// in place (its position kept) or appends a new one; setting nil removes it.
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

    /// The members in document order.
    public func makeIterator() -> IndexingIterator<[Entry]> { entries.makeIterator() }

    /// Equal when both have the same members with equal values, in whatever order.
    public static func == (a: JSONObject, b: JSONObject) -> Bool {
        guard a.count == b.count else { return false }
        for entry in a.entries where b[entry.key] != entry.value { return false }
        return true
    }

    /// Hashes the members independently of their order, as `==` compares them.
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
