import JSON

extension GeoJSONParser {
    /// Reads a `properties` object (or null) into the open row of the table's properties.
    mutating func parseProperties() throws(SourceError) {
        if s.peek() == UInt8(ascii: "n") {
            _ = try s.readLiteral()
            return
        }
        guard s.peek() == UInt8(ascii: "{") else {
            try skipMistyped(expected: "an object or null for properties")
            return
        }
        s.offset += 1
        if s.consume(UInt8(ascii: "}")) { return }
        var position = 0
        repeat {
            let column = try readPropertyKey(position: position)
            try s.expect(UInt8(ascii: ":"), "':' after a property name")
            table.properties.setInOpenRow(column: column, value: try JSONParser.parseValue(&s, depth: 1, maxDepth: options.maxDepth))
            touchedColumns.append(column)
            position += 1
        } while try s.commaOrClose(UInt8(ascii: "}"), " after a property")
    }

    /// The column of the property name that is next. Features of a layer mostly repeat the
    /// same names in the same order, so the name is first compared, byte for byte, with the
    /// one at the same position in the previous feature; only a new name is decoded.
    private mutating func readPropertyKey(position: Int) throws(SourceError) -> Int {
        guard s.peek() == UInt8(ascii: "\"") else { throw s.unexpected(expected: "a string key") }
        let start = s.offset + 1
        if let column = keyCache.match(position: position, at: start, in: s.bytes) {
            s.offset = start + keyCache.slots[position].length + 1
            keyCache.slots[position].start = start
            return column
        }
        let key = try s.readString()
        let column = table.properties.internKey(key)
        keyCache.remember(position: position, start: start, length: s.offset - 1 - start, column: column)
        return column
    }
}

/// For each position in a properties object, where the name found there last was written
/// in the input (its raw bytes, between the quotes) and its column.
struct PropertyKeyCache {
    struct Slot {
        var start: Int
        var length: Int
        var column: Int
    }

    var slots: [Slot] = []

    /// The column of the name at `start` if it has the same bytes as the one remembered at
    /// `position`, followed by the closing quote. (Identical raw bytes are the identical
    /// name, escapes included.)
    @inline(__always)
    func match(position: Int, at start: Int, in bytes: UnsafeRawBufferPointer) -> Int? {
        guard position < slots.count else { return nil }
        let slot = slots[position]
        let end = start + slot.length
        guard end < bytes.count, bytes[end] == UInt8(ascii: "\""),
              Self.equalBytes(bytes.baseAddress! + start, bytes.baseAddress! + slot.start, slot.length)
        else { return nil }
        return slot.column
    }

    /// Whether `n` bytes at `a` and `b` are equal, compared eight at a time (names are
    /// short: a call to memcmp would cost more than the comparison).
    @inline(__always)
    static func equalBytes(_ a: UnsafeRawPointer, _ b: UnsafeRawPointer, _ n: Int) -> Bool {
        var i = 0
        while i &+ 8 <= n {
            if a.loadUnaligned(fromByteOffset: i, as: UInt64.self) != b.loadUnaligned(fromByteOffset: i, as: UInt64.self) { return false }
            i &+= 8
        }
        while i < n {
            if a.load(fromByteOffset: i, as: UInt8.self) != b.load(fromByteOffset: i, as: UInt8.self) { return false }
            i &+= 1
        }
        return true
    }

    mutating func remember(position: Int, start: Int, length: Int, column: Int) {
        let slot = Slot(start: start, length: length, column: column)
        if position < slots.count { slots[position] = slot } else { slots.append(slot) }
    }

    /// Forgets every name: some columns were removed (keys first seen in a skipped feature).
    mutating func forgetAll() {
        slots.removeAll()
    }
}
