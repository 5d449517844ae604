import JSON

/// One part of a batch split across machines: `--shard I/N` takes the jobs whose position
/// in the jobs list (0, 1, 2, …) leaves remainder I when divided by N. I is zero-based, as
/// Kubernetes' `JOB_COMPLETION_INDEX` is, so shards 0/N … (N−1)/N together take every job
/// exactly once, and each shard's jobs are spread over the whole list.
public struct Shard: Sendable, Equatable, CustomStringConvertible {
    /// I, this shard's number, from 0.
    public let index: Int
    /// N, the number of shards.
    public let count: Int

    /// Shard `index` of `count`; throws unless 0 ≤ index < count.
    public init(index: Int, count: Int) throws(ShardError) {
        guard count >= 1, index >= 0, index < count else {
            throw ShardError(text: "\(index)/\(count)")
        }
        self.index = index
        self.count = count
    }

    /// Reads "I/N".
    public init(_ text: String) throws(ShardError) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let i = Int(parts[0]), let n = Int(parts[1]) else { throw ShardError(text: text) }
        try self.init(index: i, count: n)
    }

    /// The positions in a list of `total` jobs that this shard renders.
    public func positions(of total: Int) -> [Int] {
        Array(stride(from: index, to: total, by: count))
    }

    /// The items of a list that this shard renders, in their order.
    public func select<T>(_ items: [T]) -> [T] { positions(of: items.count).map { items[$0] } }

    /// The shard as `--shard` writes it: "I/N".
    public var description: String { "\(index)/\(count)" }
}

/// A shard that is not "I/N" with 0 ≤ I < N.
public struct ShardError: Error, Sendable, CustomStringConvertible, SettingRelatedError {
    /// The text as given.
    public var text: String
    /// The shard option (`--shard` on the command line).
    public var setting: RelatedSetting? { .shard }
    /// The one line printed: what is expected and what was found.
    public var description: String {
        "a shard is I/N with 0 ≤ I < N (I counts from 0, as JOB_COMPLETION_INDEX does), found \"\(text)\""
    }
}
