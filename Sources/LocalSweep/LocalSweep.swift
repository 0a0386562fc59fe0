import Coordinator
import Foundation
import Logging
import ServiceLifecycle
import Synchronization
import SweepClient
import SweepModel
import Worker

/// One grid run on this machine, as `relusweep run` and `relusweep figures` do it: a
/// coordinator in this process on a free loopback port with a random token, one local worker
/// with N slots talking to it over HTTP (the same client and protocol as remote workers), then
/// results.jsonl (and phase tables when `axes` is set) in `outDir`.
///
/// Both run in one ServiceGroup, the sweep after the coordinator:
///
/// ```swift
/// let run = try LocalSweep(configuration: .init(spec: spec, outDir: "results/smoke")) { event in print(event) }
/// let group = ServiceGroup(configuration: .init(
///     services: [.init(service: run.coordinator),
///                .init(service: run, successTerminationBehavior: .gracefullyShutdownGroup)],
///     gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
/// try await group.run()      // run.outcome: .finished or .interrupted
/// ```
///
/// A graceful shutdown (Ctrl-C) stops the worker at once (trials in progress are released),
/// reports what is saved, and ends with `.interrupted`; the same configuration run again
/// continues with the missing trials.
public final class LocalSweep: Service, Sendable {
    public let configuration: LocalSweepConfiguration
    /// The embedded coordinator: put it in the same ServiceGroup, before this service.
    public let coordinator: Coordinator
    private let token: BearerToken
    private let report: @Sendable (LocalSweepEvent) -> Void
    private let state = Mutex<LocalSweepOutcome?>(nil)

    public init(configuration: LocalSweepConfiguration, report: @escaping @Sendable (LocalSweepEvent) -> Void) throws(CoordinatorError) {
        self.configuration = configuration
        self.report = report
        // A random token: other local users cannot change this sweep through the port.
        token = try BearerToken(Self.randomToken())
        coordinator = try Coordinator(configuration: CoordinatorConfiguration(
            databasePath: configuration.databasePath, host: "127.0.0.1", port: 0, token: token,
            leaseSeconds: configuration.leaseSeconds, protectReads: true))
    }

    /// How the run ended; nil until it did.
    public var outcome: LocalSweepOutcome? { state.withLock { $0 } }

    public func run() async throws {
        let port = try await coordinator.port()
        let endpoint = try CoordinatorEndpoint(url: "http://127.0.0.1:\(port)", token: token.secret)
        let result = try await runSweep(endpoint: endpoint)
        state.withLock { $0 = result }
    }

    /// Submits, trains until the sweep has nothing left (or a graceful shutdown), then writes the outputs.
    private func runSweep(endpoint: CoordinatorEndpoint) async throws -> LocalSweepOutcome {
        let spec = configuration.spec
        let client = CoordinatorClient(endpoint: endpoint, timeout: .seconds(600))
        let submitted = try await client.submit(spec)
        var status = try await client.sweep(spec.sweepId)
        let already = status.counts.done + status.counts.failed
        let slots = configuration.resolvedSlots
        report(.submitted(sweep: spec.sweepId, trials: submitted.trials, new: submitted.new, alreadyFinished: already,
                          remaining: status.counts.remaining, slots: slots, database: configuration.databasePath))

        // An adaptive sweep runs until its planner is done, even with nothing pending between
        // rounds: its state stays running until the coordinator's AdaptiveDriver finishes it.
        if status.counts.remaining > 0 || status.state == .running {
            let workerConfig = WorkerConfiguration(
                endpoint: endpoint, name: "local-\(ProcessInfo.processInfo.processIdentifier)", host: WorkerConfiguration.defaultHost,
                slots: slots, outboxPath: (configuration.outDir as NSString).appendingPathComponent("outbox.jsonl"),
                backoff: Backoff(initialDelay: 0.05, maxDelay: 2), graceSeconds: 0, flushSeconds: 30,
                dataAccess: configuration.dataAccess)
            let worker = try Worker(configuration: workerConfig, client: CoordinatorClient(endpoint: endpoint))
            let started = ContinuousClock.now
            let interrupted = try await withGracefulShutdownHandler {
                try await train(worker: worker, client: client, status: &status)
            } onGracefulShutdown: { [report] in
                report(.interrupting)
                worker.stop(immediately: true)
            }
            let elapsed = started.duration(to: .now).inSeconds
            report(.trainingEnded(status))
            if interrupted {
                let s = (try? await client.sweep(spec.sweepId)) ?? status
                report(.interrupted(finished: s.counts.done + s.counts.failed, trials: s.trials, remaining: s.counts.remaining,
                                    database: configuration.databasePath))
                return .interrupted
            }
            let slotSeconds = elapsed * Double(slots)
            report(.ran(trials: status.counts.done + status.counts.failed - already, seconds: elapsed,
                        trainingShare: slotSeconds > 0 ? worker.summary.trainingSeconds / slotSeconds : nil, slots: slots))
        }

        // Outputs: results.jsonl (written aside, then renamed), then the phase tables.
        let resultsPath = (configuration.outDir as NSString).appendingPathComponent("results.jsonl")
        try await ResultsExport.write(client, sweep: spec.sweepId, format: "jsonl", to: resultsPath)
        status = (try? await client.sweep(spec.sweepId)) ?? status
        var written = [resultsPath]
        var markdown = ""
        if let axes = configuration.axes {
            let (paths, md) = try RunPhaseOutputs.write(resultsPath: resultsPath, spec: spec, axes: axes, into: configuration.outDir)
            written += paths
            markdown = md
        }
        report(.wrote(paths: written, phaseMarkdown: markdown, done: status.counts.done, failed: status.counts.failed))
        return .finished
    }

    /// Runs the worker and polls the sweep's counts until nothing remains and the sweep stopped
    /// running (an adaptive one may get more trials); true when a graceful shutdown ended it first.
    private func train(worker: Worker, client: CoordinatorClient, status: inout SweepStatus) async throws -> Bool {
        let sweepId = configuration.spec.sweepId
        var last = status
        defer { status = last }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await worker.run() }
            defer { worker.stop(immediately: true) }
            while !Task.isShuttingDownGracefully {
                // The coordinator is in this process; an error here is real.
                last = try await client.sweep(sweepId)
                if last.counts.remaining == 0 && last.state != .running { break }
                report(.progress(last))
                try await Task.sleep(for: .milliseconds(250))
            }
            worker.stop(immediately: true)
            try await group.waitForAll()
        }
        return Task.isShuttingDownGracefully
    }

    static func randomToken() -> String {
        var rng = SystemRandomNumberGenerator()
        return (0..<16).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &rng)) }.joined()
    }
}
