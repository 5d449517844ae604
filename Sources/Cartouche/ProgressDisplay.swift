#if canImport(Glibc)
import Glibc
#endif
import Render

/// Shows a batch's progress: on a terminal a bar redrawn in place (count, rate, time
/// left); otherwise, for logs, a plain line at most once a second and one at the end.
/// Failures are written as they happen, each on a line of its own.
public final class ProgressDisplay: @unchecked Sendable {
    private let fd: Int32
    private let isTerminal: Bool
    private let clock: () -> Double
    private var total = 0
    private var skipped = 0
    private var done = 0
    private var failed = 0
    private var start = 0.0
    private var lastDrawn = -Double.infinity
    private var barShown = false

    /// Writes to `fd` (standard error by default); a bar when it is a terminal.
    public init(fd: Int32 = 2, isTerminal: Bool? = nil, clock: @escaping () -> Double = PhaseTimings.now) {
        self.fd = fd
        self.isTerminal = isTerminal ?? (isatty(fd) == 1)
        self.clock = clock
    }

    /// Takes the runner's events, which come one at a time.
    public func handle(_ event: BatchEvent) {
        switch event {
        case .started(let total, let skipped):
            self.total = total
            self.skipped = skipped
            start = clock()
            if skipped > 0 { line("cartouche: \(skipped) of \(total) maps already complete, kept") }
            // A log gets its first line after a second of work; a terminal shows the bar now.
            if isTerminal { draw(force: true) } else { lastDrawn = start }
        case .finished(let output, let error, let warnings):
            done += 1
            for warning in warnings { line("cartouche: warning: \(output): \(warning)") }
            if let error {
                failed += 1
                line("cartouche: error: \(output): \(error)")
            }
            draw(force: done + skipped == total)
        }
    }

    /// Ends the bar's line, so what follows starts on a line of its own.
    public func finish() {
        if isTerminal && barShown { write("\n") }
        barShown = false
    }

    /// "23/50 maps, 41.2 maps/s, 0:01 left", with "(2 failed)" when some did.
    var status: String {
        let elapsed = clock() - start
        let rate = elapsed > 0 ? Double(done) / elapsed : 0
        let remaining = total - skipped - done
        var text = "\(done + skipped)/\(total) maps"
        if failed > 0 { text += " (\(failed) failed)" }
        text += ", \(Self.format(rate: rate)) maps/s"
        if remaining > 0 && rate > 0 { text += ", \(Self.clockTime(Double(remaining) / rate)) left" }
        return text
    }

    private func draw(force: Bool) {
        let now = clock()
        guard total > 0, force || now - lastDrawn >= (isTerminal ? 0.1 : 1) else { return }
        lastDrawn = now
        if isTerminal {
            let width = 24
            let filled = total > 0 ? (done + skipped) * width / total : width
            let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
            write("\r\u{1B}[K\(bar) \(status)")
            barShown = true
        } else {
            write("cartouche: \(status)\n")
        }
    }

    /// A line of its own, clearing the bar first; the bar comes back at the next draw.
    private func line(_ text: String) {
        if isTerminal && barShown { write("\r\u{1B}[K") }
        barShown = false
        write(text + "\n")
    }

    private func write(_ text: String) {
        let bytes = Array(text.utf8)
        var written = 0
        while written < bytes.count {
            let n = bytes[written...].withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { return }
            written += n
        }
    }

    static func format(rate: Double) -> String {
        rate >= 100 ? String(Int(rate.rounded())) : String(Double(Int((rate * 10).rounded())) / 10)
    }

    /// "0:07", "12:30", "1:02:03".
    static func clockTime(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return s >= 3600 ? "\(s / 3600):\(two(s / 60 % 60)):\(two(s % 60))" : "\(s / 60):\(two(s % 60))"
    }
}
