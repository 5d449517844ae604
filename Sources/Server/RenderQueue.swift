import Cartouche
import Dispatch

/// Maps drawn at once, and a bounded line of requests waiting for a slot. A request that
/// finds the line full is answered 503 with `Retry-After` at once, instead of waiting
/// behind work the server cannot finish in time; one that waits or draws past the time
/// limit is answered 503 too. Drawing is not interrupted (Cairo and PROJ cannot be), so a
/// timed-out map still holds its slot until it is done, and the line sheds load meanwhile.
public final class RenderQueue: @unchecked Sendable {
    /// Maps drawn at once.
    public let slots: Int
    /// Requests that may wait for a slot; more are answered 503 at once.
    public let capacity: Int
    private let lock = Lock()
    private var running = 0
    private var waiting: [() -> Void] = []
    private var head = 0

    /// A queue of `slots` (at least 1) and a line of `capacity` waiting requests.
    public init(slots: Int, capacity: Int) {
        self.slots = max(1, slots)
        self.capacity = max(0, capacity)
    }

    /// Maps being drawn, and requests waiting.
    public var load: (running: Int, waiting: Int) { lock.locked { (running, waiting.count - head) } }

    /// Runs `work` on a drawing thread when a slot is free, within `timeLimit` seconds of now.
    public func run<T: Sendable>(timeLimit: Double, _ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, Error>) in
            let answer = Answer(continuation)
            let job: () -> Void = { [self] in
                if answer.isAnswered {
                    // Timed out while waiting: give the slot to the next.
                    finished()
                    return
                }
                DispatchQueue.global().async {
                    let result = Result { try work() }
                    self.finished()
                    answer.resume(result)
                }
            }
            let start: Bool? = lock.locked {
                if running < slots {
                    running += 1
                    return true
                }
                if waiting.count - head < capacity {
                    waiting.append(job)
                    return false
                }
                return nil
            }
            switch start {
            case true?: job()
            case false?: break
            case nil:
                answer.resume(.failure(RequestFailure(503, "the server is busy: \(slots) maps drawing and \(capacity) waiting; try again shortly", retryAfter: 1)))
                return
            }
            DispatchQueue.global().asyncAfter(deadline: .now() + timeLimit) {
                answer.resume(.failure(RequestFailure(503, "the map was not ready within the time limit of \(formatSeconds(timeLimit)) s", retryAfter: 5)))
            }
        }
    }

    private func finished() {
        let next: (() -> Void)? = lock.locked {
            if head < waiting.count {
                let job = waiting[head]
                head += 1
                if head > 1024 && head * 2 > waiting.count {
                    waiting.removeFirst(head)
                    head = 0
                }
                return job
            }
            running -= 1
            return nil
        }
        next?()
    }
}

/// A continuation resumed by whichever comes first: the result or the time limit.
private final class Answer<T: Sendable>: @unchecked Sendable {
    private let lock = Lock()
    private var continuation: CheckedContinuation<T, Error>?
    init(_ c: CheckedContinuation<T, Error>) { continuation = c }
    var isAnswered: Bool { lock.locked { continuation == nil } }
    func resume(_ result: Result<T, Error>) {
        let c: CheckedContinuation<T, Error>? = lock.locked {
            defer { continuation = nil }
            return continuation
        }
        c?.resume(with: result)
    }
}

func formatSeconds(_ s: Double) -> String { s == s.rounded() ? String(Int(s)) : String(s) }
