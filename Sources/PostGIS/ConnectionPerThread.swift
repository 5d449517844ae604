#if canImport(Glibc)
import Glibc
#endif
import Geometry

/// Each thread's connection to one database, made on the thread's first read and kept for
/// the whole run (a batch's worker draws map after map on it). A connection found lost is
/// dropped, and the thread's next read connects again. All are closed with the datasource.
final class ConnectionPerThread: @unchecked Sendable {
    final class Slot {
        var connection: PGConnection?
    }

    private let connect: @Sendable () throws -> PGConnection
    private let slots: PerThread<Slot>
    private let all: AllSlots

    init(connect: @escaping @Sendable () throws -> PGConnection) {
        self.connect = connect
        let all = AllSlots()
        self.all = all
        slots = PerThread {
            let slot = Slot()
            all.append(slot)
            return slot
        }
    }

    deinit { all.closeAll() }

    /// Runs `body` on this thread's connection. When the connection turns out to be lost,
    /// it is dropped (the error still goes to the caller) and the next call reconnects.
    func withConnection<R>(_ body: (PGConnection) throws -> R) throws -> R {
        let slot = slots.value
        if let existing = slot.connection, !existing.isUsable { slot.connection = nil }
        let conn = try slot.connection ?? connect()
        slot.connection = conn
        do {
            return try body(conn)
        } catch {
            if !conn.isUsable { slot.connection = nil }
            throw error
        }
    }

    /// The slots of every thread, so that the datasource can close their connections.
    private final class AllSlots: @unchecked Sendable {
        private let lock = Lock()
        private var slots: [Slot] = []

        func append(_ slot: Slot) {
            lock.locked { slots.append(slot) }
        }

        /// Called when no thread reads any more (the datasource is being released).
        func closeAll() {
            lock.locked { for slot in slots { slot.connection = nil } }
        }
    }
}
