import SweepClient
import Foundation
import Logging
import ReLUCore
import SweepModel

extension Worker {
    /// Leases while slots (plus prefetch) are free, starts a training task per grant (it waits
    /// for a training slot), and on stop waits for
    /// the trials within the grace period, then cancels the rest (their leases are released
    /// by `releaseHeld`).
    func leaseLoop(outbox: Outbox, log: WorkerLog) async {
        let cfg = configuration
        // A discarding group: a plain task group keeps every finished child until it is awaited,
        // which grew a worker by ~7 KB per trial (6 GB after 900,000 trials of issue 13's grid).
        await withDiscardingTaskGroup { trainings in
            var failures = 0
            var outageStart: ContinuousClock.Instant?
            var infoKnown = false
            while !stopping {
                if outboxBlocked {
                    // Nowhere to keep results: give back what has not started, lease nothing,
                    // wait for the poster to find room again (it probes; a stop also wakes us).
                    let n = releaseUntrained()
                    if n > 0 {
                        logger.warning("released leases not yet training: the outbox cannot be written", metadata: ["count": "\(n)"])
                        await releaseHeld(log: log)
                    }
                    postWake.signal()
                    await leaseWake.wait(timeout: 5)
                    continue
                }
                // Slots plus prefetch: leases waiting for a slot hide the lease round trip.
                // Backpressure: while results wait to be posted beyond a few batches, lease
                // nothing. Training faster than the coordinator records would otherwise grow
                // the queue until leases expire unposted and come back as duplicates.
                let maxQueued = max(2_048, 8 * cfg.resultBatchSize)
                let (free, batch, prefetch) = state.withLock { s in
                    let backlogged = s.queue.count + s.unsaved.count > maxQueued
                    let free = backlogged ? 0 : cfg.slots + s.lookahead.prefetch - s.held.count
                    return (free, s.lookahead.batch(free: free), s.lookahead.prefetch)
                }
                if free <= 0 {
                    await leaseWake.wait(timeout: 5)
                    continue
                }
                let response: LeaseResponse
                do throws(CoordinatorClientError) {
                    if !infoKnown {
                        try await learnInfo()
                        infoKnown = true
                    }
                    // `slots` is what this request asks for; `trainingSlots` and `prefetch` are what
                    // status shows for this worker (the batch is often far larger than its slots).
                    response = try await client.lease(LeaseRequest(worker: cfg.name, slots: batch, host: cfg.host,
                                                                   trainingSlots: cfg.slots, prefetch: min(prefetch, LeaseRequest.maxPrefetch)))
                } catch {
                    if error.isUnauthorized {
                        fail(.unauthorized(error))
                        break
                    }
                    if !error.isRetryable {
                        fail(.invalidConfiguration("cannot work for this coordinator: \(error.description)"))
                        break
                    }
                    failures += 1
                    state.withLock { $0.summary.leaseRetries += 1 }
                    if outageStart == nil { outageStart = .now }
                    let delay = cfg.backoff.delay(failures: failures)
                    if failures == 1 {
                        logger.warning("coordinator unreachable; backing off and retrying", metadata: ["error": "\(error.description)"])
                    } else {
                        logger.debug("lease retry", metadata: ["failures": "\(failures)", "delay": "\(delay)"])
                    }
                    await pause(seconds: delay)
                    continue
                }
                if let start = outageStart {
                    logger.info("coordinator reachable again", metadata: ["after": "\(start.duration(to: .now))"])
                    outageStart = nil
                }
                failures = 0
                if response.leases.isEmpty {
                    let idle = state.withLock { $0.held.isEmpty }
                    if response.finished && cfg.exitWhenIdle && idle {
                        logger.info("the coordinator has nothing left to do; exiting (--exit-when-idle)")
                        stop()
                        break
                    }
                    // Follow the coordinator's hint, but with --exit-when-idle ask at least every
                    // 5 s: the hint is about leases expiring, not about the last trials held by
                    // other workers finishing, which is what an idle worker waits for.
                    await leaseWake.wait(timeout: min(max(response.retryAfterSeconds, 0.05), cfg.exitWhenIdle ? 5 : 30))
                    continue
                }
                let received = Date().timeIntervalSince1970
                var learned = false
                let started: Bool = state.withLock { s in
                    s.summary.leased += response.leases.count
                    if let first = response.leases.first {
                        let length = first.expiresAt.secondsSince1970 - received
                        // A clock far off from the coordinator's gives nonsense; ignore it then.
                        if s.leaseSeconds == nil, length > 0.2 && length < 86_400 {
                            s.leaseSeconds = length
                            learned = true
                        }
                    }
                    guard !s.stopRequested else {
                        // Stopped while the request was in flight: give the trials back.
                        s.toRelease += response.leases.map(\.leaseId)
                        return false
                    }
                    for g in response.leases { s.held[g.leaseId] = HeldLease(grant: g, flag: CancelFlag()) }
                    return true
                }
                if learned { heartbeatWake.signal() }
                guard started else { break }
                for g in response.leases {
                    trainings.addTask { await self.train(g) }
                }
            }
            await waitForTrainings()
            // (A discarding group waits for its children when the body returns.)
        }
    }

    /// `GET /v1/info` once: refuses a coordinator of another protocol version (its trial ids
    /// and numbers differ) and learns the lease length for the heartbeat period.
    private func learnInfo() async throws(CoordinatorClientError) {
        let info: CoordinatorInfo
        do {
            info = try await client.info()
        } catch {
            // A coordinator without /v1/info: lease lengths are then learned from the grants.
            if error.status == 404 { return }
            throw error
        }
        guard info.protocolVersion == SweepModel.protocolVersion else {
            throw .badResponse(url: configuration.endpoint.baseURL + "/v1/info",
                               reason: "the coordinator speaks protocol version \(info.protocolVersion), this worker \(SweepModel.protocolVersion); run the same relusweep version on both")
        }
        if info.leaseSeconds.isFinite, info.leaseSeconds > 0 {
            state.withLock { $0.leaseSeconds = info.leaseSeconds }
            // The heartbeat loop went to sleep with the default period; wake it to use this one
            // (a lease shorter than the default would otherwise expire before the first beat).
            heartbeatWake.signal()
        }
    }

    /// Sleeps a backoff delay; only a stop cuts it short (a freed slot does not: retrying
    /// at once would defeat the backoff while the coordinator is down).
    private func pause(seconds: Double) async {
        let deadline = ContinuousClock.now + .seconds(seconds)
        while !stopping {
            let remaining = ContinuousClock.now.duration(to: deadline)
            guard remaining > .zero else { return }
            await leaseWake.wait(timeout: Double(remaining.components.seconds) + Double(remaining.components.attoseconds) / 1e18)
        }
    }

    /// After a stop: waits for running trials until the grace deadline, then cancels them.
    private func waitForTrainings() async {
        while true {
            let (count, deadline) = state.withLock { ($0.held.count, $0.graceDeadline ?? .now) }
            if count == 0 { return }
            let remaining = ContinuousClock.now.duration(to: deadline)
            if remaining <= .zero {
                let flags = state.withLock { s in s.held.values.map(\.flag) }
                logger.info("grace period over: cancelling trials in progress and releasing their leases", metadata: ["count": "\(flags.count)"])
                for f in flags { f.cancel(.shutdown) }
                return
            }
            let seconds = Double(remaining.components.seconds) + Double(remaining.components.attoseconds) / 1e18
            await leaseWake.wait(timeout: min(seconds, 1))
        }
    }

    /// Gives back leases of trials cancelled by the shutdown (they are pending again at once,
    /// without spending their retry budget). Best effort: an unreleased lease just expires.
    func releaseHeld(log: WorkerLog) async {
        let ids = state.withLock { s in
            defer { s.toRelease.removeAll() }
            return s.toRelease
        }
        guard !ids.isEmpty else { return }
        let deadline = ContinuousClock.now + .seconds(max(configuration.flushSeconds, 1))
        var failures = 0
        for chunk in stride(from: 0, to: ids.count, by: ReleaseRequest.maxLeases).map({ Array(ids[$0..<min($0 + ReleaseRequest.maxLeases, ids.count)]) }) {
            while true {
                do {
                    let r = try await client.release(ReleaseRequest(worker: configuration.name, leaseIds: chunk))
                    state.withLock { $0.summary.released += r.released }
                    log.write(WorkerLogEntry(event: "released", worker: configuration.name, leaseIds: chunk, count: r.released))
                    break
                } catch {
                    failures += 1
                    guard error.isRetryable, ContinuousClock.now < deadline else {
                        logger.warning("could not release leases; they expire on their own", metadata: ["count": "\(chunk.count)", "error": "\(error.description)"])
                        break
                    }
                    await sleep(seconds: configuration.backoff.delay(failures: failures))
                }
            }
        }
    }
}

extension ReleaseRequest {
    static var maxLeases: Int { HeartbeatRequest.maxLeases }
}
