#if canImport(Glibc)
import Glibc
#endif

/// One object per thread: made on a thread's first use and released when the thread ends.
/// For state that work on all cores keeps beside it (a Pango layout, PROJ's context, scratch
/// buffers) without a lock or a reference count that the cores would share.
public final class PerThread<Value: AnyObject>: Sendable {
    private let key: pthread_key_t
    private let make: @Sendable () -> Value

    /// Values made by `make`, once per thread, on that thread's first use.
    public init(_ make: @escaping @Sendable () -> Value) {
        var key = pthread_key_t()
        pthread_key_create(&key) { p in Unmanaged<AnyObject>.fromOpaque(p!).release() }
        self.key = key
        self.make = make
    }

    /// This thread's object.
    public var value: Value {
        if let p = pthread_getspecific(key) { return Unmanaged<Value>.fromOpaque(p).takeUnretainedValue() }
        let value = make()
        pthread_setspecific(key, Unmanaged.passRetained(value).toOpaque())
        return value
    }
}
