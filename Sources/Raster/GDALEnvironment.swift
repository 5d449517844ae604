import CGDAL
import GDALSource
import Synchronization

/// GDAL's drivers, registered once per process with the datasets' error handler
/// (`GDALRuntime`), so that its messages are kept for our own (read with
/// `GDALEnvironment.lastError`) instead of printed on stderr.
enum GDALEnvironment {
    /// Throws, naming `subject` (a file, a tile, "JPEG"), when GDAL cannot be used.
    static func ensure(for subject: String) throws(RasterError) {
        if let failure = GDALRuntime.failure { throw RasterError(subject, failure) }
    }

    /// The last message GDAL gave on this thread, or `fallback`.
    static func lastError(_ fallback: String) -> String {
        guard let m = CPLGetLastErrorMsg(), m.pointee != 0 else { return fallback }
        return String(cString: m)
    }

    private static let counter = Atomic<Int>(0)

    /// A name in GDAL's in-memory file system that no other call uses.
    static func memoryFileName(_ suffix: String) -> String {
        let n = counter.wrappingAdd(1, ordering: .relaxed).newValue
        return "/vsimem/cartouche-\(n).\(suffix)"
    }
}
