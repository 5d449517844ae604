import CSHA256

/// SHA-256 (FIPS 180-4), for the manifest's checksums and the batch input hashes: the
/// message buffering and padding here, the compression function in C (`CSHA256`), which
/// uses the CPU's SHA extensions where there are some. Nothing here needs a cryptography
/// package.
public struct SHA256: Sendable {
    private var state: [UInt32] = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]
    /// Bytes of an incomplete block, waiting for more input.
    private var pending: [UInt8] = []
    private var length: UInt64 = 0

    public init() {}

    /// The hex digest of `bytes`.
    public static func hex<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
        var h = SHA256()
        h.update(bytes)
        return h.hexDigest()
    }

    public mutating func update<C: Collection>(_ bytes: C) where C.Element == UInt8 {
        length &+= UInt64(bytes.count)
        var input = bytes[...]
        if !pending.isEmpty {
            let take = min(64 - pending.count, input.count)
            pending += input.prefix(take)
            input = input.dropFirst(take)
            guard pending.count == 64 else { return }
            pending.withUnsafeBytes { compress($0) }
            pending.removeAll(keepingCapacity: true)
        }
        let whole = input.count / 64 * 64
        if whole > 0 {
            let done = input.withContiguousStorageIfAvailable { buffer -> Bool in
                compress(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: buffer[..<whole])))
                return true
            }
            if done == nil { Array(input.prefix(whole)).withUnsafeBytes { compress($0) } }
            input = input.dropFirst(whole)
        }
        pending += input
    }

    public mutating func update(_ text: String) { update(Array(text.utf8)) }

    /// The 32-byte digest as 64 lowercase hex digits. Finishes a copy, so more input may follow.
    public func hexDigest() -> String {
        var copy = self
        let bits = length &* 8
        var tail = pending + [0x80]
        while tail.count % 64 != 56 { tail.append(0) }
        for shift in stride(from: 56, through: 0, by: -8) { tail.append(UInt8(truncatingIfNeeded: bits >> UInt64(shift))) }
        tail.withUnsafeBytes { copy.compress($0) }
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(64)
        for word in copy.state {
            for shift in stride(from: 28, through: 0, by: -4) { out.append(digits[Int((word >> UInt32(shift)) & 15)]) }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Compresses whole 64-byte blocks.
    private mutating func compress(_ blocks: UnsafeRawBufferPointer) {
        guard blocks.count >= 64 else { return }
        state.withUnsafeMutableBufferPointer { s in
            cartouche_sha256_blocks(s.baseAddress!, blocks.baseAddress!.assumingMemoryBound(to: UInt8.self), blocks.count / 64)
        }
    }
}
