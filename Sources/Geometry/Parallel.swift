import Dispatch

/// Runs independent pieces of work on all cores. Each index is processed exactly once;
/// results keep their index order whatever order the work finishes in.
public enum Parallel {
    /// How many threads the machine offers.
    public static var cores: Int { max(1, ProcessInfo.activeCores) }

    /// `body(0) ... body(count − 1)` on all cores, results in index order. The first error thrown
    /// is rethrown once every piece has finished. Runs on the calling thread inside
    /// `sequentially` or for a single piece.
    public static func map<T>(_ count: Int, _ body: (Int) throws -> T) rethrows -> [T] {
        guard count > 1, !SequentialScope.isActive else { return try (0..<count).map(body) }
        let results = UnsafeMutableBufferPointer<Result<T, Error>?>.allocate(capacity: count)
        results.initialize(repeating: nil)
        defer {
            results.deinitialize()
            results.deallocate()
        }
        withoutActuallyEscaping(body) { body in
            let box = UnsafeSendable(body)
            let slots = UnsafeSendable(results)
            DispatchQueue.concurrentPerform(iterations: count) { i in
                slots.value[i] = Result { try box.value(i) }
            }
        }
        return try results.map { try $0!.get() }
    }

    /// `body(0) ... body(count − 1)` on all cores, for their effects.
    public static func forEach(_ count: Int, _ body: (Int) throws -> Void) rethrows {
        _ = try map(count, body)
    }

    /// Whether the calling thread is inside `sequentially`, where `Parallel` runs in line.
    public static var isSequential: Bool { SequentialScope.isActive }

    /// Runs `body` with every `Parallel` call inside it done on the calling thread. A batch
    /// that already keeps each core busy with a map of its own uses this: splitting each
    /// small map again would only add scheduling.
    public static func sequentially<T>(_ body: () throws -> T) rethrows -> T {
        let outer = SequentialScope.isActive
        SequentialScope.isActive = true
        defer { SequentialScope.isActive = outer }
        return try body()
    }
}

/// Whether the current thread is inside `Parallel.sequentially`: a thread-specific flag.
enum SequentialScope {
    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key, nil)
        return key
    }()

    static var isActive: Bool {
        get { pthread_getspecific(key) != nil }
        set { pthread_setspecific(key, newValue ? UnsafeRawPointer(bitPattern: 1) : nil) }
    }
}

/// Lets a value that the caller guarantees is used safely cross into concurrent work.
public struct UnsafeSendable<T>: @unchecked Sendable {
    /// The value carried across.
    public let value: T
    /// Wraps a value the caller promises is used safely from concurrent work.
    public init(_ value: T) { self.value = value }
}

enum ProcessInfo {
    static var activeCores: Int {
        #if canImport(Glibc)
        return Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))
        #else
        return 1
        #endif
    }
}

#if canImport(Glibc)
import Glibc
#endif
