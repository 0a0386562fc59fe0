import ArgumentParser
import Coordinator
import Foundation
import Logging
import Synchronization
import SweepModel
import Worker

/// `relusweep run FILE [-s ...] [--out DIR] [--slots N] [--db FILE] [--no-progress]`: the
/// embedded default. A coordinator in this process on a free loopback port, one local worker
/// with N slots talking to it over HTTP (the same client and protocol as remote workers), a
/// progress bar, then results.jsonl and the default phase tables under results/<sweep>/.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a grid on this machine: embedded coordinator + local worker, then results and phase tables.",
        discussion: """
            Writes to results/<sweep>/ (or --out DIR): results.jsonl (one line per trial: \
            trialId, config, metrics as `relusweep train --json` prints them; failed trials \
            with error), phase-collapsed-*.md/.svg and phase-deadFraction-*.md/.svg (over the \
            grid's first two numeric axes, one panel per value of the other axes; --x/--y/ \
            --facet choose others), and sweep.sqlite, the sweep's database. Running the same \
            command again after an interruption (Ctrl-C, kill) runs only the missing trials; \
            more seeds or axis values (-s seeds=10) run only the new ones. \
            Ctrl-C stops at once (trials in progress are released) and keeps everything \
            finished; a second Ctrl-C exits without cleaning up.
            """)

    @OptionGroup var grid: GridArguments

    @Option(help: ArgumentHelp("Output directory (default: results/<sweep>).", valueName: "DIR"))
    var out: String?

    @Option(help: "Trials trained at once (default: one per core).")
    var slots: Int?

    @Option(help: ArgumentHelp("The sweep database (default: <out>/sweep.sqlite).", valueName: "FILE"))
    var db: String?

    @Flag(help: "No progress bar or progress lines.")
    var noProgress = false

    @Option(help: "Phase tables: key on the x axis (default: the grid's first numeric axis).")
    var x: String?

    @Option(help: "Phase tables: key on the y axis (default: the grid's second numeric axis).")
    var y: String?

    @Option(help: "Phase tables: facet key(s) (default: the grid's other axes).")
    var facet: [String] = []

    @Option(help: "Lease length of the embedded coordinator, seconds (trials of a killed run are retried after it).")
    var leaseSeconds: Double = 10

    @Flag(help: "Log the coordinator's and the worker's info messages.")
    var verbose = false

    func validate() throws {
        if let slots, !(1...1024).contains(slots) { throw ValidationError("--slots: expected 1...1024, got \(slots)") }
        if (x == nil) != (y == nil) { throw ValidationError("--x and --y go together") }
        if !(leaseSeconds >= 1 && leaseSeconds <= 86_400) { throw ValidationError("--lease-seconds: expected 1...86400") }
    }

    func run() async throws {
        CommandLogging.bootstrap(level: verbose ? .info : .warning)
        let spec = try grid.load()
        let outDir = out ?? ("results" as NSString).appendingPathComponent(spec.sweepId)
        do {
            try FileManager.default.createDirectory(atPath: outDir, withIntermediateDirectories: true)
        } catch {
            throw CommandFailure("--out \(outDir): cannot create the directory: \(error.localizedDescription)")
        }
        let dbPath = db ?? (outDir as NSString).appendingPathComponent("sweep.sqlite")
        let axes: RunPhaseOutputs.Axes? = x.flatMap { x in y.map { RunPhaseOutputs.Axes(x: x, y: $0, facets: facet) } }
            ?? RunPhaseOutputs.defaultAxes(spec)

        // A random token: other local users cannot change this sweep through the port.
        let token: BearerToken
        let coordinator: Coordinator
        do {
            token = try BearerToken(Self.randomToken())
            coordinator = try Coordinator(configuration: CoordinatorConfiguration(
                databasePath: dbPath, host: "127.0.0.1", port: 0, token: token, leaseSeconds: leaseSeconds, protectReads: true))
        } catch {
            throw CommandFailure(error.description)
        }

        let interrupted = Interruption()
        let outcome: RunOutcome = try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await coordinator.run() }
            defer { group.cancelAll() }
            let result: RunOutcome
            do {
                let port = try await coordinator.port()
                let endpoint = try CoordinatorEndpoint(url: "http://127.0.0.1:\(port)", token: token.secret)
                result = try await runSweep(spec, endpoint: endpoint, outDir: outDir, dbPath: dbPath, axes: axes, interrupted: interrupted)
            } catch {
                await coordinator.shutdown()
                try? await group.waitForAll()
                throw error
            }
            await coordinator.shutdown()
            try await group.waitForAll()
            return result
        }
        if outcome == .interrupted { throw ExitCode(130) }
    }

    enum RunOutcome { case finished, interrupted }

    /// Submits, trains until the sweep has nothing left (or Ctrl-C), then writes the outputs.
    private func runSweep(_ spec: GridSpec, endpoint: CoordinatorEndpoint, outDir: String, dbPath: String,
                          axes: RunPhaseOutputs.Axes?, interrupted: Interruption) async throws -> RunOutcome {
        let client = CoordinatorClient(endpoint: endpoint, timeout: .seconds(600))
        let submitted: SubmitResponse
        do { submitted = try await client.submit(spec) } catch { throw CommandFailure(error.description) }
        var status: SweepStatus
        do { status = try await client.sweep(spec.sweepId) } catch { throw CommandFailure(error.description) }
        let already = status.counts.done + status.counts.failed
        say("sweep \(spec.sweepId): \(submitted.trials) trials, \(submitted.new) new, \(already) already finished; "
              + "\(status.counts.remaining) to run on \(slots ?? ProcessInfo.processInfo.activeProcessorCount) slots")
        say("database \(dbPath)")

        if status.counts.remaining > 0 {
            let workerConfig = WorkerConfiguration(
                endpoint: endpoint, name: "local-\(ProcessInfo.processInfo.processIdentifier)", host: WorkerConfiguration.defaultHost,
                slots: slots, outboxPath: (outDir as NSString).appendingPathComponent("outbox.jsonl"),
                backoff: Backoff(initialDelay: 0.05, maxDelay: 2), graceSeconds: 0, flushSeconds: 30)
            let worker: Worker
            do { worker = try Worker(configuration: workerConfig, client: CoordinatorClient(endpoint: endpoint)) } catch {
                throw CommandFailure(error.description)
            }
            let signals = SignalTrap { _ in
                if interrupted.signal() {
                    FileHandle.standardError.write(Data("\ninterrupted: releasing trials in progress (Ctrl-C again to exit at once)\n".utf8))
                    worker.stop(immediately: true)
                } else {
                    Foundation.exit(130)
                }
            }
            defer { signals.cancel() }
            var progress = RunProgress(mode: RunProgress.mode(noProgress: noProgress))
            let workerEnded = Interruption()
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    defer { _ = workerEnded.signal() }
                    do { _ = try await worker.run() } catch { throw CommandFailure("local worker: \(error)") }
                }
                while !interrupted.isSet && !workerEnded.isSet {
                    do {
                        status = try await client.sweep(spec.sweepId)
                    } catch {
                        // The coordinator is in this process; an error here is real.
                        worker.stop(immediately: true)
                        throw CommandFailure("\(error)")
                    }
                    if status.counts.remaining == 0 { break }
                    progress.update(status)
                    try await Task.sleep(for: .milliseconds(250))
                }
                worker.stop(immediately: true)
                try await group.waitForAll()
            }
            progress.update(status, final: true)
            if interrupted.isSet {
                let s = (try? await client.sweep(spec.sweepId)) ?? status
                say("interrupted: \(s.counts.done + s.counts.failed) of \(s.trials) trials finished and saved in \(dbPath); "
                      + "run the same command again to run the remaining \(s.counts.remaining)")
                return .interrupted
            }
            say(String(format: "ran %d trials in %@ (%.1f trials/s)", status.counts.done + status.counts.failed - already,
                         StatusCommand.duration(progress.elapsed),
                         progress.elapsed > 0 ? Double(status.counts.done + status.counts.failed - already) / progress.elapsed : 0))
        }

        // Outputs: results.jsonl (written aside, then renamed), then the phase tables.
        let resultsPath = (outDir as NSString).appendingPathComponent("results.jsonl")
        try await exportResults(client, sweep: spec.sweepId, to: resultsPath)
        status = (try? await client.sweep(spec.sweepId)) ?? status
        var written = [resultsPath]
        var markdown = ""
        if let axes {
            let (paths, md) = try RunPhaseOutputs.write(resultsPath: resultsPath, spec: spec, axes: axes, into: outDir)
            written += paths
            markdown = md
        }
        if !markdown.isEmpty { say("\n" + markdown, terminator: markdown.hasSuffix("\n") ? "" : "\n") }
        say("\n\(status.counts.done) done, \(status.counts.failed) failed" + (status.counts.failed > 0 ? " (their error is in results.jsonl)" : ""))
        if axes == nil { say("phase tables: the grid has fewer than two axes; use relusweep aggregate with --x/--y") }
        say("outputs in \(outDir)/:")
        for p in written { say("  \((p as NSString).lastPathComponent)") }
        return .finished
    }

    private func exportResults(_ client: CoordinatorClient, sweep: String, to path: String) async throws {
        let tmp = path + ".part"
        guard FileManager.default.createFile(atPath: tmp, contents: nil), let h = FileHandle(forWritingAtPath: tmp) else {
            throw CommandFailure("cannot create \(tmp)")
        }
        do {
            try await client.download(results: sweep, format: "jsonl") { chunk in try h.write(contentsOf: chunk) }
            try h.synchronize()
            try h.close()
        } catch {
            try? h.close()
            try? FileManager.default.removeItem(atPath: tmp)
            throw CommandFailure("exporting results: \(error)")
        }
        _ = try? FileManager.default.removeItem(atPath: path)
        try FileManager.default.moveItem(atPath: tmp, toPath: path)
    }

    static func randomToken() -> String {
        var rng = SystemRandomNumberGenerator()
        return (0..<16).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &rng)) }.joined()
    }
}
