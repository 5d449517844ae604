import Cartouche
import Testing

@Suite("Shards")
struct ShardTests {
    @Test func shardsTakeEveryJobExactlyOnce() throws {
        for count in 1...5 {
            var seen: [Int] = []
            for index in 0..<count { seen += try Shard(index: index, count: count).positions(of: 23) }
            #expect(seen.sorted() == Array(0..<23))
        }
    }

    @Test func shardTakesEveryNthJobFromItsIndex() throws {
        let shard = try Shard("1/3")
        #expect(shard.positions(of: 10) == [1, 4, 7])
        #expect(shard.select(Array("abcdefghij")) == ["b", "e", "h"])
        #expect(try Shard("0/1").positions(of: 3) == [0, 1, 2])
        #expect(try Shard("4/5").positions(of: 3) == [])
    }

    @Test(arguments: ["3/3", "-1/2", "1/0", "1", "a/b", "1/2/3", ""])
    func rejectsMalformedShards(_ text: String) {
        #expect(throws: ShardError.self) { try Shard(text) }
    }
}
