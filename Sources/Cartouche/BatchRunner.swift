import Geometry
import JSON
import Page
import Projection
import Render
import Style

/// Renders many maps from one style whose data is loaded once: the sources are projected
/// once per CRS before any map starts, then each core takes the next map and draws it
/// whole on its own thread (the data is shared and never changes). Each file is written to
/// a temporary name and renamed, then recorded in the manifest; a map that fails is
/// reported and the others go on.
public struct BatchRunner: Sendable {
    /// The renderer every job is drawn with, over the one loaded `MapData`.
    public let renderer: MapRenderer
    /// The page layouts the jobs name, read once, by path.
    public let layouts: [String: PageLayout]
    /// The hash of the inputs every map shares, from which each map's input hash is made.
    public let fingerprint: InputFingerprint
    /// Where the batch records each file it made, and what an earlier run left.
    public let manifest: Manifest
    /// How many maps are drawn at once.
    public var threads = Parallel.cores

    /// Reads the jobs' layouts and the manifest an earlier run left at `manifestPath`.
    /// `version` goes into the input hash, so that a new program makes every map again.
    public init(data: MapData, stylePath: String, jobs: [MapJob], manifestPath: String, version: String) throws {
        var layouts: [String: PageLayout] = [:]
        for path in Set(jobs.compactMap(\.layout)).sorted() { layouts[path] = try LayoutParser.load(path: path) }
        renderer = MapRenderer(data: data)
        self.layouts = layouts
        fingerprint = try InputFingerprint(stylePath: stylePath, style: data.style, datasets: data.datasets,
                                           rasters: data.rasters, layouts: layouts, version: version)
        manifest = Manifest(path: manifestPath)
    }

    /// Renders each job to its own file. With `resume`, a job whose file is there and
    /// matches its manifest entry (same input hash, same checksum) is skipped.
    public func run(_ jobs: [MapJob], resume: Bool, events: @escaping (BatchEvent) -> Void) throws -> BatchSummary {
        let names = jobs.map { manifest.name(of: $0.output) }
        AtomicFile.removeTemporaries(of: jobs.map(\.output) + [manifest.path, manifest.csvPath])
        try prepare(jobs)
        let hashes = jobs.map(fingerprint.hash(for:))
        let complete = resume ? Parallel.map(jobs.count) { isComplete(names[$0], jobs[$0].output, inputHash: hashes[$0]) }
                              : Array(repeating: false, count: jobs.count)
        try manifest.begin(keeping: jobs.indices.filter { complete[$0] }.map { names[$0] })
        let pending = jobs.indices.filter { !complete[$0] }
        let progress = BatchProgressLog(events: events)
        progress.report(.started(total: jobs.count, skipped: jobs.count - pending.count))
        let start = PhaseTimings.now()
        run(pending.count, progress: progress) { k, timings in
            let i = pending[k]
            let (entry, warnings) = try renderFile(jobs[i], name: names[i], inputHash: hashes[i], timings: &timings)
            try manifest.record([entry])
            return (jobs[i].output, warnings)
        } failed: { k in jobs[pending[k]].output }
        let seconds = PhaseTimings.now() - start
        try manifest.finish(order: names)
        AtomicFile.syncAll()
        return progress.summary(total: jobs.count, skipped: jobs.count - pending.count, seconds: seconds)
    }

    /// Renders the jobs as the pages of one PDF, in order. The document is recorded in the
    /// manifest (one entry per page) only when every page worked; with `resume` it is kept
    /// when its entries match.
    public func runDocument(_ jobs: [MapJob], output: String, title: String?, resume: Bool,
                            events: @escaping (BatchEvent) -> Void) throws -> BatchSummary {
        let name = manifest.name(of: output)
        AtomicFile.removeTemporaries(of: [output, manifest.path, manifest.csvPath])
        try AtomicFile.createDirectory(StyleParser.directory(of: output))
        try AtomicFile.createDirectory(manifest.directory)
        let hash = fingerprint.hash(forPages: jobs, output: output)
        let progress = BatchProgressLog(events: events)
        if resume && isComplete(name, output, inputHash: hash, pages: jobs.count) {
            try manifest.begin(keeping: [name])
            progress.report(.started(total: jobs.count, skipped: jobs.count))
            try manifest.finish(order: [name])
            return progress.summary(total: jobs.count, skipped: jobs.count, seconds: 0)
        }
        try prepare(jobs)
        try manifest.begin(keeping: [])
        progress.report(.started(total: jobs.count, skipped: 0))
        let start = PhaseTimings.now()
        let pages = PageSlots(count: jobs.count)
        run(jobs.count, progress: progress) { i, timings in
            let page = try scene(for: jobs[i], timings: &timings)
            pages[i] = page
            return ("\(output) page \(i + 1)", page.scene.warnings)
        } failed: { i in "\(output) page \(i + 1)" }
        let made = jobs.indices.compactMap { i in pages[i].map { (job: jobs[i], page: $0) } }
        if !made.isEmpty {
            var timings = PhaseTimings()
            let bytes = try timings.measure("encode") { try PDFBackend.pdf(made.map(\.page.scene), title: title) }
            try timings.measure("write") { try AtomicFile.write(bytes, to: output, durable: false) }
            progress.add(timings)
            if made.count == jobs.count {
                let checksum = Checksum.sha256(bytes)
                try manifest.record(try made.enumerated().map { n, made in
                    let footprint = try MapFootprint(made.page.frame)
                    return ManifestEntry(file: name, page: n + 1, id: made.job.id, extent: footprint.extent,
                                         scale: footprint.scale, crs: made.page.frame.crs.description,
                                         bytes: bytes.count, sha256: checksum, inputHash: hash)
                })
            }
        }
        let seconds = PhaseTimings.now() - start
        try manifest.finish(order: [name])
        AtomicFile.syncAll()
        return progress.summary(total: jobs.count, skipped: 0, seconds: seconds)
    }

    /// Runs `count` pieces of work on `threads` threads, each piece whole on one thread
    /// (`Parallel.sequentially`). `body` returns what the progress line names and the
    /// map's warnings; a piece that throws is reported as failed under `failed(index)`.
    private func run(_ count: Int, progress: BatchProgressLog,
                     _ body: (Int, inout PhaseTimings) throws -> (String, [String]), failed: (Int) -> String) {
        let queue = WorkQueue(count: count)
        Parallel.forEach(min(threads, count)) { _ in
            var timings = PhaseTimings()
            while let k = queue.next() {
                do {
                    let (done, warnings) = try Parallel.sequentially { try body(k, &timings) }
                    progress.report(.finished(output: done, error: nil, warnings: warnings))
                } catch {
                    progress.report(.finished(output: failed(k), error: "\(error)", warnings: []))
                }
            }
            progress.add(timings)
        }
    }

    /// Projects the data into every CRS the jobs use and loads the layouts' inset styles,
    /// before the maps start, so that no two maps do it at once. The folders of the
    /// outputs and of the manifest are made.
    private func prepare(_ jobs: [MapJob]) throws {
        var crss: Set<CRS> = []
        for job in jobs { crss.insert(try renderer.crs(for: job.request)) }
        for crs in crss {
            _ = try renderer.data.projected(to: crs)
            for layout in layouts.values {
                for case .inset(let inset) in layout.elements {
                    _ = try MapData.cached(stylePath: inset.style).projected(to: crs)
                }
            }
        }
        // The file layers the maps draw, read once for all of them where their boxes overlap.
        renderer.data.prefetch(frames: jobs.compactMap { job in
            let request = job.layout.flatMap { layouts[$0] }.map { renderer.mapRequest(on: $0, job.request) } ?? job.request
            return try? renderer.frame(for: request).0
        })
        for folder in Set(jobs.map { StyleParser.directory(of: $0.output) } + [manifest.directory]) {
            try AtomicFile.createDirectory(folder)
        }
    }

    /// The scene of a map or of its report page, and the map's frame.
    func scene(for job: MapJob, timings: inout PhaseTimings) throws -> (scene: Scene, frame: MapFrame) {
        if let path = job.layout, let layout = layouts[path] {
            let scene = try renderer.page(layout, request: job.request, properties: job.properties,
                                          globalState: job.globalState, timings: &timings)
            return (scene, try renderer.frame(for: renderer.mapRequest(on: layout, job.request)).0)
        }
        let (frame, projected) = try timings.measure("project") { try renderer.frame(for: job.request) }
        let scene = try timings.measure("scene") {
            try renderer.data.scene(frame: frame, projected: projected, globalState: job.globalState).scene
        }
        return (scene, frame)
    }

    func renderFile(_ job: MapJob, name: String, inputHash: String, timings: inout PhaseTimings) throws
        -> (entry: ManifestEntry, warnings: [String]) {
        let (scene, frame) = try scene(for: job, timings: &timings)
        let title = job.layout.flatMap { layouts[$0] }.map { renderer.documentTitle($0, job.properties) } ?? renderer.data.style.name
        let bytes = try renderer.encode(scene, format: job.format, title: title, maxPixels: job.request.maxPixels, timings: &timings)
        try timings.measure("write") { try AtomicFile.write(bytes, to: job.output, durable: false) }
        let footprint = try MapFootprint(frame)
        return (ManifestEntry(file: name, id: job.id, extent: footprint.extent, scale: footprint.scale,
                              crs: frame.crs.description, bytes: bytes.count, sha256: Checksum.sha256(bytes), inputHash: inputHash),
                scene.warnings)
    }

    /// Whether `output` is what the manifest says it is: every page's entry made from
    /// `inputHash`, and the file's size and SHA-256 those of the entries.
    func isComplete(_ name: String, _ output: String, inputHash: String, pages: Int? = nil) -> Bool {
        let entries = manifest.entries(for: name)
        guard entries.count == (pages ?? 1), entries.allSatisfy({ $0.inputHash == inputHash }),
              entries.map(\.page) == (pages.map { Array(1...$0) } ?? [nil]),
              let file = try? MappedFile(path: output), file.count == entries[0].bytes
        else { return false }
        return withExtendedLifetime(file) { Checksum.sha256(file.bytes) } == entries[0].sha256
    }
}

/// What a batch did.
public struct BatchSummary: Sendable {
    /// Maps in the run (after sharding), maps made, maps skipped as complete.
    public var total: Int
    /// Maps made in this run.
    public var rendered: Int
    /// Maps left as they were because `resume` found them complete.
    public var skipped: Int
    /// The maps that failed, each with its reason; the others were still made.
    public var failures: [BatchFailure]
    /// Phase times summed over the maps (they overlap on several cores).
    public var timings: PhaseTimings
    /// Wall time of the rendering.
    public var seconds: Double
}

/// A map of a batch that could not be made.
public struct BatchFailure: Sendable, CustomStringConvertible {
    /// The file the map was to be written to.
    public var output: String
    /// Why it failed: the error's one line.
    public var message: String
    /// The one line printed: `output: message`.
    public var description: String { "\(output): \(message)" }
}

/// What a batch tells as it goes, one event at a time (never two at once).
public enum BatchEvent: Sendable {
    /// The run began: `total` maps, of which `skipped` are complete from an earlier run.
    case started(total: Int, skipped: Int)
    /// A map done, or failed with `error`; `warnings` are what its scene reported (labels
    /// left out over the limit, tiles or features a dataset skipped).
    case finished(output: String, error: String?, warnings: [String] = [])
}

/// The events of a run, passed on one at a time, and the counts and times they add up to.
final class BatchProgressLog: @unchecked Sendable {
    private let lock = Lock()
    private let events: (BatchEvent) -> Void
    private var rendered = 0
    private var failures: [BatchFailure] = []
    private var timings = PhaseTimings()

    init(events: @escaping (BatchEvent) -> Void) { self.events = events }

    func report(_ event: BatchEvent) {
        lock.locked {
            if case .finished(let output, let error, _) = event {
                if let error { failures.append(BatchFailure(output: output, message: error)) } else { rendered += 1 }
            }
            events(event)
        }
    }

    func add(_ more: PhaseTimings) {
        lock.locked {
            for phase in more.phases { timings.add(phase.name, phase.seconds) }
        }
    }

    func summary(total: Int, skipped: Int, seconds: Double) -> BatchSummary {
        lock.locked {
            BatchSummary(total: total, rendered: rendered, skipped: skipped, failures: failures, timings: timings, seconds: seconds)
        }
    }
}

/// Hands out the indices 0..<count, each once, to whichever thread asks next.
final class WorkQueue: @unchecked Sendable {
    private let lock = Lock()
    private var nextIndex = 0
    private let count: Int

    init(count: Int) { self.count = count }

    func next() -> Int? {
        lock.locked {
            guard nextIndex < count else { return nil }
            defer { nextIndex += 1 }
            return nextIndex
        }
    }
}

/// The pages of a document as they are drawn, each slot written by one thread.
final class PageSlots: @unchecked Sendable {
    private let lock = Lock()
    private var slots: [(scene: Scene, frame: MapFrame)?]

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    subscript(i: Int) -> (scene: Scene, frame: MapFrame)? {
        get { lock.locked { slots[i] } }
        set { lock.locked { slots[i] = newValue } }
    }
}
