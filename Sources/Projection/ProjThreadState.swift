import Geometry
import CProj
#if canImport(Glibc)
import Glibc
#endif

/// PROJ state that belongs to one thread: a context, the transformations cloned into it,
/// and the last message PROJ logged there.
///
/// PROJ objects must not be used from two threads at once, and one shared context
/// serialises them, so each thread gets its own context and its own clones of the
/// transformations it uses (created once per process by `TransformationCache`).
final class ProjThreadState {
    let context: OpaquePointer
    var transformations: [TransformationKey: OpaquePointer] = [:]
    var lastMessage: String?

    private init() {
        context = proj_context_create()
        // Keep PROJ quiet on stderr; remember its last message for our own error text.
        let me = Unmanaged.passUnretained(self).toOpaque()
        proj_log_func(context, me) { data, _, message in
            guard let data, let message else { return }
            Unmanaged<ProjThreadState>.fromOpaque(data).takeUnretainedValue().lastMessage = String(cString: message)
        }
        proj_log_level(context, PJ_LOG_ERROR)
    }

    deinit {
        for pj in transformations.values { proj_destroy(pj) }
        proj_context_destroy(context)
    }

    /// This thread's state, created on first use and destroyed when the thread ends.
    static var current: ProjThreadState { perThread.value }
    private static let perThread = PerThread { ProjThreadState() }

    /// The last error on this context, for error text: PROJ's own message ("crs not found",
    /// "missing ]") without the name of the function that logged it, else the error code's
    /// text unless it is only "Unknown error".
    func errorMessage() -> String {
        defer { lastMessage = nil }
        if let message = lastMessage {
            if message.hasPrefix("proj_"), let colon = message.firstRange(of: ": ") { return String(message[colon.upperBound...]) }
            return message
        }
        let code = proj_context_errno(context)
        if code != 0, let s = proj_context_errno_string(context, code) {
            let text = String(cString: s)
            if !text.hasPrefix("Unknown error") { return text }
        }
        return "PROJ gave no reason"
    }
}
