import ArgumentParser
import Cartouche

/// The options `batch` and `atlas` share: resuming, sharding, the manifest and threads.
struct BatchRunOptions: ParsableArguments {
    @Flag(help: "Skip maps whose file is there and matches its manifest entry for the same inputs.")
    var resume = false

    @Option(help: "Render only shard I of N: the maps at positions I, I+N, I+2N, … (I counts from 0).")
    var shard: String?

    @Option(help: """
        The manifest file (JSON; the CSV goes beside it). Default: manifest.json in the outputs' \
        folder (manifest.shard-I-of-N.json with --shard), or NAME.manifest.json beside a single PDF.
        """)
    var manifest: String?

    @Option(help: "Maps drawn at once. Default: one per core.")
    var threads: Int?

    func validate() throws {
        if let shard {
            do { _ = try Shard(shard) } catch { throw ValidationError(OptionHints.message(error)) }
        }
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
    }
}
