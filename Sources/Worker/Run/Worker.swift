import SweepClient
import Foundation
import Logging
import ServiceLifecycle
import ReLUCore
import SweepModel
import Synchronization

/// The pull loop of a worker: lease trials in batches, train each on a thread of its own,
/// heartbeat the leases, post results in batches, and keep every unacknowledged result in the
/// outbox (docs/worker.md).
///
/// Up to `slots` trials train at once and up to `prefetch` more leases wait for a slot, so a
/// freed slot never waits for the coordinator; finished results are appended to the outbox in
/// groups (one fsync per group, by the poster) so the training threads never wait for the disk.
///
/// Guarantees: a result is on disk (outbox, fsync) before it is posted and leaves the outbox
/// only after the coordinator answered it; a coordinator that is down or failing is retried
/// with bounded exponential backoff and jitter, forever, while training goes on; a graceful
/// stop (`stop()`, SIGTERM) takes no new leases, lets running trials finish within
/// `graceSeconds`, cancels and releases the rest, and posts the outbox for up to
/// `flushSeconds` (what is left is re-sent by the next start).
public final class Worker: Service, Sendable {
    public let configuration: WorkerConfiguration
    let client: CoordinatorClient
    let logger: Logger
    let state: Mutex<State>
    /// Wakes the lease loop (a slot freed, stop requested).
    let leaseWake = WakeSignal()
    /// Wakes the poster (results queued, training over).
    let postWake = WakeSignal()
    /// Wakes the heartbeat loop (training over).
    let heartbeatWake = WakeSignal()
    /// Bounds the trials training at once to `slots` (more leases may be held: `prefetch`).
    let trainingSlots: TrainingSlots

    struct State {
        var held: [String: HeldLease] = [:]
        /// Trials training on their threads now (the rest of `held` wait for a slot).
        var training = 0
        /// Results trained but not yet in the outbox (the poster writes them, one fsync per group).
        var unsaved: [ResultItem] = []
        var queue = ResultQueue()
        var stopRequested = false
        var graceDeadline: ContinuousClock.Instant?
        /// Training is over (stopped and every trial ended): the poster flushes and ends.
        var trainingDone = false
        var flushDeadline: ContinuousClock.Instant?
        var fatal: WorkerError?
        var toRelease: [String] = []
        /// Lease length as granted (seconds), learned from the grants.
        var leaseSeconds: Double?
        var summary = WorkerSummary()
        var started = false
        /// Leases to hold beyond the slots, and per request.
        var lookahead: LeaseLookahead
        /// Why the outbox cannot be written now (a full disk), or nil. While set, the worker
        /// takes no leases and gives back those not yet training.
        var outboxProblem: WorkerError?
        /// Results queued for posting that are not in the outbox (its write failed): written
        /// there once it has room, unless acknowledged first.
        var notInOutbox: [OutboxKey: ResultItem] = [:]
    }

    public init(configuration: WorkerConfiguration, client: CoordinatorClient? = nil,
                logger: Logger = Logger(label: "relusweep.worker")) throws(WorkerError) {
        if let p = configuration.validationProblem() { throw .invalidConfiguration(p) }
        self.configuration = configuration
        self.trainingSlots = TrainingSlots(configuration.slots)
        self.state = Mutex(State(lookahead: LeaseLookahead(
            slots: configuration.slots, prefetch: configuration.prefetch, leaseBatch: configuration.leaseBatch,
            automatic: configuration.automaticLeasing)))
        self.client = client ?? CoordinatorClient(endpoint: configuration.endpoint)
        var l = logger
        l[metadataKey: "worker"] = "\(configuration.name)"
        self.logger = l
    }

    /// Asks the worker to stop: no new leases; running trials get `graceSeconds` to finish
    /// (or none with `immediately`, or on a second call), then are cancelled and released.
    /// Safe to call from any thread (a signal handler's queue).
    public func stop(immediately: Bool = false) {
        let now = ContinuousClock.now
        state.withLock { s in
            let deadline = (immediately || s.stopRequested) ? now : now + .seconds(configuration.graceSeconds)
            s.graceDeadline = min(s.graceDeadline ?? deadline, deadline)
            s.stopRequested = true
        }
        leaseWake.signal()
    }

    /// Counts so far (a live view for progress displays).
    public var summary: WorkerSummary { state.withLock { $0.summary } }

    /// Trials training now (leases waiting for a slot not counted).
    public var trialsTraining: Int { state.withLock { $0.training } }

    /// Runs until stopped (`stop()`, or a graceful shutdown of its ServiceGroup: SIGTERM/SIGINT
    /// in `relusweep worker`), idle with `exitWhenIdle`, or refused by the coordinator (401/403:
    /// `WorkerError.unauthorized`); `summary` then holds the counts. Opens the outbox first
    /// (re-sending what it holds). A `Worker` runs once.
    public func run() async throws {
        try await withGracefulShutdownHandler {
            try await work()
        } onGracefulShutdown: {
            self.logger.info("graceful shutdown: no new leases; finishing or releasing the trials in progress")
            self.stop()
        }
    }

    private func work() async throws(WorkerError) {
        let first = state.withLock { s in
            defer { s.started = true }
            return !s.started
        }
        guard first else { throw .invalidConfiguration("this Worker has already run; make a new one") }
        let outbox = try openOutbox()
        let log = try WorkerLog(path: configuration.outboxIsDefault ? WorkerLog.defaultPath(forOutbox: outbox.path) : configuration.logPath)
        if outbox.unreadableLines > 0 {
            logger.warning("outbox had unreadable lines (a torn write?); copied to \(outbox.path).unreadable",
                           metadata: ["lines": "\(outbox.unreadableLines)"])
        }
        log.write(WorkerLogEntry(event: "start", worker: configuration.name,
                                 detail: "pid \(ProcessInfo.processInfo.processIdentifier), slots \(configuration.slots), coordinator \(configuration.endpoint.baseURL)"))
        let resend = outbox.pending
        if !resend.isEmpty {
            state.withLock { s in
                for item in resend { s.queue.add(item) }
                s.summary.resent = resend.count
            }
            log.write(WorkerLogEntry(event: "resend", worker: configuration.name, trialIds: resend.map(\.trialId), count: resend.count))
            logger.info("re-sending results left in the outbox", metadata: ["count": "\(resend.count)", "outbox": "\(outbox.path)"])
        }
        logger.info("worker started", metadata: [
            "coordinator": "\(configuration.endpoint.baseURL)", "slots": "\(configuration.slots)", "outbox": "\(outbox.path)",
        ])

        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.heartbeatLoop() }
            group.addTask { await self.postLoop(outbox: outbox, log: log) }
            await self.leaseLoop(outbox: outbox, log: log)
            await self.releaseHeld(log: log)
            state.withLock { s in
                s.trainingDone = true
                s.flushDeadline = .now + .seconds(configuration.flushSeconds)
            }
            postWake.signal()
            heartbeatWake.signal()
            await group.waitForAll()
        }

        let (fatal, left) = state.withLock { s in (s.fatal, s.queue.count + s.unsaved.count) }
        do { try outbox.close() } catch { logger.error("\(error.description)") }
        state.withLock { $0.summary.leftInOutbox = left }
        let summary = self.summary
        log.write(WorkerLogEntry(event: "stop", worker: configuration.name, detail: fatal?.description, count: left))
        log.close()
        if left > 0 {
            logger.warning("results left in the outbox; the next start re-sends them", metadata: ["count": "\(left)", "outbox": "\(outbox.path)"])
        }
        if let fatal { throw fatal }
        logger.info("worker stopped", metadata: [
            "trained": "\(summary.trained)", "failed": "\(summary.failed)", "stored": "\(summary.stored)",
            "duplicates": "\(summary.duplicates)", "released": "\(summary.released)",
        ])
    }

    /// The configured outbox, or with the default path the first free one of
    /// `outbox-X.jsonl`, `outbox-X-2.jsonl`, ... (another worker on this host holds the first).
    private func openOutbox() throws(WorkerError) -> Outbox {
        let path = configuration.outboxPath
        guard configuration.outboxIsDefault else { return try Outbox(path: path) }
        let stem = path.hasSuffix(".jsonl") ? String(path.dropLast(6)) : path
        for i in 1...64 {
            do {
                return try Outbox(path: i == 1 ? path : "\(stem)-\(i).jsonl")
            } catch {
                guard case .outboxInUse = error else { throw error }
            }
        }
        throw .outboxInUse(path: path)
    }

    // MARK: Shared helpers

    var stopping: Bool { state.withLock { $0.stopRequested || $0.fatal != nil } }

    func fail(_ error: WorkerError) {
        logger.error("\(error.description)")
        state.withLock { s in
            if s.fatal == nil { s.fatal = error }
            s.stopRequested = true
            s.graceDeadline = .now
        }
        leaseWake.signal()
        postWake.signal()
    }

    func sleep(seconds: Double) async {
        guard seconds > 0 else { return }
        try? await Task.sleep(for: .seconds(seconds))
    }
}
