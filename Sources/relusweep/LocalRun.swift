import Foundation
import LocalSweep
import Logging
import ServiceLifecycle
import Synchronization

/// Runs a `LocalSweep` as `run` and `figures` do: the embedded coordinator and the sweep in
/// one ServiceGroup that turns SIGTERM/SIGINT into a graceful shutdown (trials in progress are
/// released), a second signal exits at once (130), and the sweep's events printed with a
/// progress display.
enum LocalRun {
    static func execute(_ configuration: LocalSweepConfiguration, progress mode: RunProgress.Mode) async throws -> LocalSweepOutcome {
        let progress = Mutex(RunProgress(mode: mode))
        let sweep: LocalSweep
        do {
            sweep = try LocalSweep(configuration: configuration) { event in
                progress.withLock { show(event, progress: &$0) }
            }
        } catch {
            throw CLIError(error.description)
        }
        let logger = Logger(label: "relusweep.run")
        let group = ServiceGroup(configuration: .init(
            services: [
                .init(service: SignalEscalation { _ in Foundation.exit(130) }),
                .init(service: sweep.coordinator),
                .init(service: sweep, successTerminationBehavior: .gracefullyShutdownGroup),
            ],
            gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        do {
            try await group.run()
        } catch {
            throw CLIError("\(error)")
        }
        return sweep.outcome ?? .interrupted
    }

    static func show(_ event: LocalSweepEvent, progress: inout RunProgress) {
        switch event {
        case .submitted(let sweep, let trials, let new, let already, let remaining, let slots, let database):
            say("sweep \(sweep): \(trials) trials, \(new) new, \(already) already finished; \(remaining) to run on \(slots) slots")
            say("database \(database)")
        case .progress(let status):
            progress.update(status)
        case .trainingEnded(let status):
            progress.update(status, final: true)
        case .interrupting:
            FileHandle.standardError.write(Data("\ninterrupted: releasing trials in progress (Ctrl-C again to exit at once)\n".utf8))
        case .interrupted(let finished, let trials, let remaining, let database):
            say("interrupted: \(finished) of \(trials) trials finished and saved in \(database); "
                  + "run the same command again to run the remaining \(remaining)")
        case .ran(let trials, let seconds, let share, let slots):
            say(String(format: "ran %d trials in %@ (%.1f trials/s)", trials, formatDuration(seconds),
                       seconds > 0 ? Double(trials) / seconds : 0))
            if let share {
                say(String(format: "training used %.1f%% of %d slots x %@", 100 * share, slots, formatDuration(seconds)))
            }
        case .wrote(let paths, let markdown, let done, let failed):
            if !markdown.isEmpty { say("\n" + markdown, terminator: markdown.hasSuffix("\n") ? "" : "\n") }
            say("\n\(done) done, \(failed) failed" + (failed > 0 ? " (their error is in results.jsonl)" : ""))
            if let dir = paths.first.map({ ($0 as NSString).deletingLastPathComponent }) { say("outputs in \(dir)/:") }
            for p in paths { say("  \((p as NSString).lastPathComponent)") }
        }
    }
}
