import Crypto

/// SHA-256 as hex digits: the manifest's file checksums and the batch input hashes, fed
/// in pieces. The hashing is swift-crypto's: on the manifest's workload (200 files of
/// 400 KB) it runs at the speed of the SHA-extension code Cartouche had before (1.78 GB/s
/// each, docs/PERFORMANCE.md), and it is not ours to keep correct.
public struct Checksum {
    private var hash = SHA256()

    /// A hash of nothing yet.
    public init() {}

    /// The SHA-256 of `bytes`, as 64 lowercase hex digits.
    public static func sha256(_ bytes: UnsafeRawBufferPointer) -> String {
        var c = Checksum()
        c.update(bytes)
        return c.hexDigest()
    }

    /// The SHA-256 of `bytes`, as 64 lowercase hex digits.
    public static func sha256(_ bytes: [UInt8]) -> String {
        bytes.withUnsafeBytes { sha256($0) }
    }

    /// Adds bytes to the hash.
    public mutating func update(_ bytes: UnsafeRawBufferPointer) { hash.update(bufferPointer: bytes) }

    /// Adds the bytes of an array to the hash.
    public mutating func update(_ bytes: [UInt8]) { bytes.withUnsafeBytes { update($0) } }

    /// Adds a string's UTF-8 bytes to the hash.
    public mutating func update(_ text: String) { update(Array(text.utf8)) }

    /// The digest of what came so far; more input may follow.
    public func hexDigest() -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(64)
        for byte in hash.finalize() {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 15)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
