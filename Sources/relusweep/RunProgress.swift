import Foundation
import SweepModel

/// The progress of `relusweep run`: a bar redrawn in place on a terminal, plain lines every
/// few seconds otherwise (logs, CI), nothing with --no-progress. The rate and ETA count only
/// trials finished during this run (a resumed sweep's earlier results do not inflate them).
struct RunProgress {
    enum Mode { case bar, lines, off }

    let mode: Mode
    let start = ContinuousClock.now
    private var baseline: Int?
    private var lastLine: ContinuousClock.Instant?
    private var drawn = false
    static let lineInterval: Duration = .seconds(5)

    init(mode: Mode) { self.mode = mode }

    static func mode(noProgress: Bool) -> Mode {
        if noProgress { return .off }
        return isatty(STDOUT_FILENO) != 0 ? .bar : .lines
    }

    var elapsed: Double { start.duration(to: .now).inSeconds }

    /// Shows `status`; `final` prints the last state on its own line.
    mutating func update(_ status: SweepStatus, final: Bool = false) {
        let c = status.counts
        let finished = c.done + c.failed
        if baseline == nil { baseline = finished }
        let t = elapsed
        let ranHere = finished - (baseline ?? finished)
        let rate = t > 0 ? Double(ranHere) / t : 0
        let eta: String = c.remaining == 0 ? "0:00" : rate > 0 ? formatDuration(Double(c.remaining) / rate) : "-"
        let total = max(status.trials, 1)
        let percent = Int((Double(finished) / Double(total) * 100).rounded(.down))
        let counts = "\(finished)/\(status.trials) \(String(percent).leftPadded(3))%"
            + (c.failed > 0 ? "  failed \(c.failed)" : "") + "  \(String(format: "%.1f", rate)) trials/s  ETA \(eta)"
        switch mode {
        case .off:
            return
        case .bar:
            let width = 30
            let filled = min(width, Int(Double(width) * Double(finished) / Double(total)))
            let bar = "[" + String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled) + "]"
            // \r returns to the line start, ESC[K clears what a longer previous line left.
            FileHandle.standardOutput.write(Data(("\r\(bar) \(counts)\u{1B}[K" + (final ? "\n" : "")).utf8))
            drawn = !final
        case .lines:
            let now = ContinuousClock.now
            if final || lastLine.map({ $0.duration(to: now) >= Self.lineInterval }) ?? true {
                // Written unbuffered, so a pipe sees each line when it happens.
                FileHandle.standardOutput.write(Data("progress: \(counts)  (\(formatDuration(t)) elapsed)\n".utf8))
                lastLine = now
            }
        }
    }

    /// Ends a bar left mid-line (before printing something else).
    mutating func finishLine() {
        if mode == .bar && drawn {
            FileHandle.standardOutput.write(Data("\n".utf8))
            drawn = false
        }
    }

}
