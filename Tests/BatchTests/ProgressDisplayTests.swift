import Cartouche
import Foundation
import Testing

@Suite("Progress display")
struct ProgressDisplayTests {
    /// A display writing to a pipe, with a clock the test moves.
    final class Clock: @unchecked Sendable {
        var now = 100.0
    }

    func run(terminal: Bool, _ body: (ProgressDisplay, Clock) -> Void) -> String {
        let pipe = Pipe()
        let clock = Clock()
        let display = ProgressDisplay(fd: pipe.fileHandleForWriting.fileDescriptor, isTerminal: terminal) { clock.now }
        body(display, clock)
        display.finish()
        try? pipe.fileHandleForWriting.close()
        return String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    }

    @Test func logsGetALineASecondAndOneAtTheEnd() {
        let text = run(terminal: false) { display, clock in
            display.handle(.started(total: 10, skipped: 2))
            for i in 0..<8 {
                clock.now += 0.4
                display.handle(.finished(output: "m\(i).png", error: i == 3 ? "disk full" : nil))
            }
        }
        #expect(text == """
        cartouche: 2 of 10 maps already complete, kept
        cartouche: 5/10 maps, 2.5 maps/s, 0:02 left
        cartouche: error: m3.png: disk full
        cartouche: 8/10 maps (1 failed), 2.5 maps/s, 0:01 left
        cartouche: 10/10 maps (1 failed), 2.5 maps/s

        """)
    }

    @Test func terminalsGetABarRedrawnInPlace() {
        let text = run(terminal: true) { display, clock in
            display.handle(.started(total: 4, skipped: 0))
            for i in 0..<4 {
                clock.now += 0.5
                display.handle(.finished(output: "m\(i).png", error: nil))
            }
        }
        #expect(text.hasPrefix("\r\u{1B}[K░░░░░░░░░░░░░░░░░░░░░░░░ 0/4 maps, 0.0 maps/s"))
        #expect(text.contains("\r\u{1B}[K██████░░░░░░░░░░░░░░░░░░ 1/4 maps, 2.0 maps/s, 0:02 left"))
        #expect(text.hasSuffix("\r\u{1B}[K████████████████████████ 4/4 maps, 2.0 maps/s\n"))
        #expect(!text.dropLast().contains("\n"))
    }
}
