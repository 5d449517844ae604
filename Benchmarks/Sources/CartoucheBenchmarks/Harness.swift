#if canImport(Glibc)
import Glibc
#endif

/// A benchmark: a name, and a body that does the measured work once and returns how many
/// units (bytes, points, evaluations) it processed, so that rates can be printed.
struct Benchmark {
    var name: String
    var unit: String
    var runs: Int = 5
    var body: () throws -> Double
}

/// Wall time of one call, in seconds (monotonic clock).
func measure(_ body: () throws -> Double) rethrows -> (seconds: Double, units: Double) {
    var start = timespec(), end = timespec()
    clock_gettime(CLOCK_MONOTONIC, &start)
    let units = try body()
    clock_gettime(CLOCK_MONOTONIC, &end)
    return (Double(end.tv_sec - start.tv_sec) + Double(end.tv_nsec - start.tv_nsec) / 1e9, units)
}

/// Peak resident memory of this process so far, in MiB.
func peakMemoryMiB() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_maxrss) / 1024
}

/// Runs each benchmark `runs` times after one warm-up and prints min and median.
func run(_ benchmarks: [Benchmark]) throws {
    print("benchmark | unit | median s | min s | median rate")
    print("---|---|---|---|---")
    for b in benchmarks {
        _ = try measure(b.body)
        var times: [Double] = []
        var units = 0.0
        for _ in 0..<b.runs {
            let m = try measure(b.body)
            times.append(m.seconds)
            units = m.units
        }
        times.sort()
        let median = times[times.count / 2]
        print("\(b.name) | \(b.unit) | \(fmt(median)) | \(fmt(times[0])) | \(fmt(units / median)) \(b.unit)/s")
    }
}

func fmt(_ v: Double) -> String {
    if v >= 100 { return String(Int(v.rounded())) }
    var s = String(v)
    if let dot = s.firstIndex(of: ".") {
        let digits = v >= 1 ? 3 : 5
        s = String(s.prefix(upTo: s.index(dot, offsetBy: min(digits, s.distance(from: dot, to: s.endIndex) - 1) + 1)))
    }
    return s
}

/// CPU time (user + system) this process has used, in seconds: on a shared machine a
/// steadier measure of work than wall time.
func cpuSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
}
