#if canImport(Glibc)
import Glibc
#endif

/// The project's one mutex: a pthread mutex in memory of its own, so that its address
/// never moves (a stored `pthread_mutex_t` in a class is passed by `&` to the C calls, and
/// Swift does not promise that is the property's own address). Pthread mutexes rather than
/// `Synchronization.Mutex`: ThreadSanitizer does not see Mutex's futex-based locking and
/// reports every access under it as a race, which would make the sanitizer run useless.
public final class Lock: @unchecked Sendable {
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>

    /// An unlocked mutex.
    public init() {
        mutex = .allocate(capacity: 1)
        mutex.initialize(to: pthread_mutex_t())
        pthread_mutex_init(mutex, nil)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deinitialize(count: 1)
        mutex.deallocate()
    }

    /// Runs `body` holding the lock. Not reentrant: `body` must not take it again.
    public func locked<R, E: Error>(_ body: () throws(E) -> R) throws(E) -> R {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body()
    }
}

/// A value only read or written under its `Lock`, with `Mutex`'s `withLock`.
public final class Locked<Value>: @unchecked Sendable {
    private let lock = Lock()
    private var value: Value

    /// A value guarded by a lock of its own.
    public init(_ value: Value) { self.value = value }

    /// Runs `body` with the value, holding the lock. Not reentrant.
    public func withLock<R, E: Error>(_ body: (inout Value) throws(E) -> R) throws(E) -> R {
        try lock.locked { () throws(E) -> R in try body(&value) }
    }
}
