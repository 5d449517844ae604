import Cartouche
import Foundation
import Testing

/// The manifest's checksums and input hashes are SHA-256 as sha256sum prints it.
@Suite("Checksums")
struct ChecksumTests {
    /// FIPS 180-4 examples and the empty message.
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
    ])
    func knownDigests(_ message: String, _ digest: String) {
        #expect(Checksum.sha256(Array(message.utf8)) == digest)
    }

    @Test func aMillionAs() {
        #expect(Checksum.sha256([UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000))
                == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    /// Input in pieces of every size gives the digest of the whole.
    @Test func piecesGiveTheDigestOfTheWhole() {
        let bytes = (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        let whole = Checksum.sha256(bytes)
        for size in [1, 3, 55, 56, 63, 64, 65, 127, 999] {
            var h = Checksum()
            var rest = bytes[...]
            while !rest.isEmpty {
                h.update(Array(rest.prefix(size)))
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
        #expect(text.hasPrefix(Checksum.sha256(bytes)))
    }
}
