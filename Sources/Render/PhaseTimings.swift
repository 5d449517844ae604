#if canImport(Glibc)
import Glibc
#endif

/// Wall time spent in each phase of a render (load, project, render, encode), for
/// `CARTOUCHE_TIMINGS=1` and for benchmarks that compare phases with other renderers.
public struct PhaseTimings: Sendable {
    /// Each phase's name and total seconds, in the order the phases were first met.
    public private(set) var phases: [(name: String, seconds: Double)] = []

    /// No phase timed yet.
    public init() {}

    /// Runs `body` and adds the time it took to phase `name`.
    public mutating func measure<T>(_ name: String, _ body: () throws -> T) rethrows -> T {
        let start = Self.now()
        defer { add(name, Self.now() - start) }
        return try body()
    }

    /// Adds `seconds` to phase `name` (a phase met again accumulates).
    public mutating func add(_ name: String, _ seconds: Double) {
        if let i = phases.firstIndex(where: { $0.name == name }) {
            phases[i].seconds += seconds
        } else {
            phases.append((name, seconds))
        }
    }

    /// Adds every phase of `other` to this one's.
    public mutating func add(_ other: PhaseTimings) {
        for phase in other.phases { add(phase.name, phase.seconds) }
    }

    /// The total seconds of a phase, nil when it was not timed.
    public subscript(name: String) -> Double? { phases.first { $0.name == name }?.seconds }

    /// Seconds on the monotonic clock, for measuring intervals.
    public static func now() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_MONOTONIC, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }
}
