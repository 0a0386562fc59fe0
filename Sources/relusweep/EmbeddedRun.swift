import Coordinator
import Foundation
import SweepModel
import Worker

/// One grid run on this machine, as `relusweep run` and `relusweep figures` do it: a
/// coordinator in this process on a free loopback port with a random token, one local worker
/// with N slots talking to it over HTTP (the same client and protocol as remote workers), a
/// progress display, then results.jsonl (and phase tables when `axes` is set) in `outDir`.
struct EmbeddedRun {
    enum Outcome { case finished, interrupted }

    var spec: GridSpec
    var outDir: String
    var dbPath: String
    var slots: Int?
    var progress: RunProgress.Mode
    var leaseSeconds: Double
    var axes: GridPhaseAxes?

    /// Runs the sweep to the end (or to Ctrl-C) and writes the outputs.
    func execute() async throws -> Outcome {
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
        return try await withThrowingTaskGroup(of: Void.self) { group -> Outcome in
            group.addTask { try await coordinator.run() }
            defer { group.cancelAll() }
            let result: Outcome
            do {
                let port = try await coordinator.port()
                let endpoint = try CoordinatorEndpoint(url: "http://127.0.0.1:\(port)", token: token.secret)
                result = try await runSweep(endpoint: endpoint, interrupted: interrupted)
            } catch {
                await coordinator.shutdown()
                try? await group.waitForAll()
                throw error
            }
            await coordinator.shutdown()
            try await group.waitForAll()
            return result
        }
    }

    /// Submits, trains until the sweep has nothing left (or Ctrl-C), then writes the outputs.
    private func runSweep(endpoint: CoordinatorEndpoint, interrupted: Interruption) async throws -> Outcome {
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
            var progress = RunProgress(mode: progress)
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
            // The share of the slots' time spent training: what leasing, posting and waiting
            // for the last trials cost (issue 7's coordinator overhead).
            let slotSeconds = progress.elapsed * Double(workerConfig.slots)
            if slotSeconds > 0 {
                say(String(format: "training used %.1f%% of %d slots x %@", 100 * worker.summary.trainingSeconds / slotSeconds,
                           workerConfig.slots, StatusCommand.duration(progress.elapsed)))
            }
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
