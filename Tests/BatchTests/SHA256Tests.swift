import Cartouche
import CSHA256
import Foundation
import Testing

@Suite("SHA-256")
struct SHA256Tests {
    /// FIPS 180-4 examples and the empty message.
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
    ])
    func knownDigests(_ message: String, _ digest: String) {
        #expect(SHA256.hex(Array(message.utf8)) == digest)
    }

    @Test func aMillionAs() {
        #expect(SHA256.hex([UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000))
                == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    /// Input in pieces of every size gives the digest of the whole.
    @Test func piecesGiveTheDigestOfTheWhole() {
        let bytes = (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        let whole = SHA256.hex(bytes)
        for size in [1, 3, 55, 56, 63, 64, 65, 127, 999] {
            var h = SHA256()
            var rest = bytes[...]
            while !rest.isEmpty {
                h.update(rest.prefix(size))
                rest = rest.dropFirst(size)
            }
            #expect(h.hexDigest() == whole, "pieces of \(size)")
        }
    }

    @Test func agreesWithSha256sum() throws {
        let dir = try TestFiles.directory()
        let bytes = (0..<100_000).map { UInt8(truncatingIfNeeded: $0 * $0 >> 3) }
        try Data(bytes).write(to: URL(fileURLWithPath: dir + "/f"))
        let text = try TestFiles.output(of: "/usr/bin/sha256sum", [dir + "/f"])
        #expect(text.hasPrefix(SHA256.hex(bytes)))
    }

    /// The CPU's SHA extensions (when this machine has them) and the portable rounds agree.
    @Test func bothCompressionPathsAgree() {
        let bytes = (0..<64 * 1000).map { UInt8(truncatingIfNeeded: $0 &* 2654435761 >> 9) }
        var fast: [UInt32] = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]
        var portable = fast
        bytes.withUnsafeBufferPointer { b in
            cartouche_sha256_blocks(&fast, b.baseAddress!, 1000)
            cartouche_sha256_blocks_portable(&portable, b.baseAddress!, 1000)
        }
        #expect(fast == portable)
    }
}
