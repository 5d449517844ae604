import CProj
import Geometry
#if canImport(Glibc)
import Glibc
#endif

struct TransformationKey: Hashable, Sendable {
    let source: String
    let target: String
}

/// One prototype PROJ transformation per (source, target) pair for the whole process.
///
/// Creating EPSG:4326 → EPSG:4547 costs 50–70 ms (PROJ searches proj.db for datum
/// operations); cloning it into a thread's context costs 0.1 ms. So each pair is created
/// once, here, and cloned into every thread that uses it. The prototypes live on a context
/// of their own and are only touched under the lock. The lock is held while a new pair is
/// created, so a thread cloning another pair for the first time may wait those tens of
/// milliseconds once; transforming never takes it.
final class TransformationCache: @unchecked Sendable {
    static let shared = TransformationCache()

    private let lock = Lock()
    private let context: OpaquePointer
    private var prototypes: [TransformationKey: OpaquePointer] = [:]

    private init() {
        context = proj_context_create()!
        proj_log_level(context, PJ_LOG_NONE)
    }

    /// The calling thread's own clone of the transformation, created on first use.
    func transformation(for key: TransformationKey) throws(ProjectionError) -> OpaquePointer {
        let thread = ProjThreadState.current
        if let pj = thread.transformations[key] { return pj }
        return try lock.locked { () throws(ProjectionError) in try cloneLocked(key, thread: thread) }
    }

    /// Under the lock: the prototype, made if it is the first use, cloned for this thread.
    private func cloneLocked(_ key: TransformationKey, thread: ProjThreadState) throws(ProjectionError) -> OpaquePointer {
        guard let prototype = prototype(for: key, thread: thread),
              let pj = proj_clone(thread.context, prototype)
        else {
            throw .noTransformation(from: key.source, to: key.target, reason: thread.errorMessage())
        }
        thread.transformations[key] = pj
        return pj
    }

    /// Must be called under the lock.
    private func prototype(for key: TransformationKey, thread: ProjThreadState) -> OpaquePointer? {
        if let p = prototypes[key] { return p }
        // Created on the thread's context first, so that PROJ's message for a failure lands
        // where we read it.
        guard let raw = proj_create_crs_to_crs(thread.context, key.source, key.target, nil) else { return nil }
        defer { proj_destroy(raw) }
        guard let normalized = proj_normalize_for_visualization(thread.context, raw) else { return nil }
        defer { proj_destroy(normalized) }
        guard let p = proj_clone(context, normalized) else { return nil }
        prototypes[key] = p
        return p
    }
}
