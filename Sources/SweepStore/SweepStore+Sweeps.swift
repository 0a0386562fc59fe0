import Foundation
import GRDB
import SweepModel

extension SweepStore {
    /// Stops handing out the sweep's trials (leased ones run on and report). Pausing a paused
    /// or finished sweep changes nothing; a cancelled one is a conflict (resume it first).
    @discardableResult
    public func pause(sweepId: String, now: Date? = nil) async throws(StoreError) -> SweepStatus {
        let now = now ?? options.clock.now()
        return try await change(sweepId, now: now, kind: "pause") { state, _, _ throws(StoreError) in
            switch state {
            case .running, .paused: return .paused
            case .finished: return .finished
            case .cancelled: throw .conflict("sweep '\(sweepId)' is cancelled; resume it to run it again")
            }
        }
    }

    /// Hands out the sweep's trials again (paused or cancelled -> running; finished if
    /// nothing remains, except an unfinished adaptive sweep, which runs: its driver decides).
    @discardableResult
    public func resume(sweepId: String, now: Date? = nil) async throws(StoreError) -> SweepStatus {
        let now = now ?? options.clock.now()
        return try await change(sweepId, now: now, kind: "resume") { state, remaining, adaptive throws(StoreError) in
            remaining > 0 || (adaptive && state != .finished) ? .running : .finished
        }
    }

    /// Cancels the sweep: no new leases, and heartbeats of its leased trials answer `stop`
    /// (unless another running or paused sweep holds the trial). Its results stay. A
    /// finished sweep stays finished. Re-submitting or resuming makes it run again.
    @discardableResult
    public func cancel(sweepId: String, now: Date? = nil) async throws(StoreError) -> SweepStatus {
        let now = now ?? options.clock.now()
        return try await change(sweepId, now: now, kind: "cancel") { state, _, _ throws(StoreError) in
            state == .finished ? .finished : .cancelled
        }
    }

    private func change(_ sweepId: String, now: Date, kind: String,
                        _ decide: @escaping @Sendable (SweepState, Int, Bool) throws(StoreError) -> SweepState) async throws(StoreError) -> SweepStatus {
        guard SweepName.isValid(sweepId) else { throw .sweepNotFound(sweepId) }
        let t = now.timeIntervalSince1970
        let window = options.throughputWindow
        return try await write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT seq, state, pending + leased, grid FROM sweeps WHERE id = ?", arguments: [sweepId]) else {
                throw StoreError.sweepNotFound(sweepId)
            }
            let from = SweepState(rawValue: row[1]) ?? .running
            let to = try decide(from, row[2], Self.isAdaptive(grid: row[3]))
            if to != from {
                try SweepStates.set(db, seq: row[0], id: sweepId, from: from, to: to, now: t)
                try Events.log(db, at: t, kind: kind, sweep: sweepId, detail: "\(from.rawValue) -> \(to.rawValue)")
            }
            guard let status = try Self.status(db, sweepId: sweepId, now: t, window: window) else { throw StoreError.sweepNotFound(sweepId) }
            return status
        }
    }

    /// One sweep's state, counts, throughput and ETA.
    public func status(sweepId: String, now: Date? = nil) async throws(StoreError) -> SweepStatus {
        let now = now ?? options.clock.now()
        guard SweepName.isValid(sweepId) else { throw .sweepNotFound(sweepId) }
        let t = now.timeIntervalSince1970
        let window = options.throughputWindow
        guard let s = try await read({ db in try Self.status(db, sweepId: sweepId, now: t, window: window) }) else {
            throw .sweepNotFound(sweepId)
        }
        return s
    }

    /// Every sweep (oldest first) and the live workers, from one snapshot.
    public func statusList(now: Date? = nil) async throws(StoreError) -> StatusList {
        let now = now ?? options.clock.now()
        let t = now.timeIntervalSince1970
        let window = options.throughputWindow
        let live = options.liveWorkerSeconds
        return try await read { db in
            let ids = try String.fetchAll(db, sql: "SELECT id FROM sweeps ORDER BY seq")
            let sweeps = try ids.compactMap { try Self.status(db, sweepId: $0, now: t, window: window) }
            return StatusList(sweeps: sweeps, workers: try Self.workers(db, now: t, liveSeconds: live))
        }
    }

    /// Workers seen within `options.liveWorkerSeconds` (or all with `includeIdle`), by name.
    public func workers(now: Date? = nil, includeIdle: Bool = false) async throws(StoreError) -> [WorkerStatus] {
        let now = now ?? options.clock.now()
        let t = now.timeIntervalSince1970
        let live = includeIdle ? Double.infinity : options.liveWorkerSeconds
        return try await read { db in try Self.workers(db, now: t, liveSeconds: live) }
    }

    static func workers(_ db: Database, now: Double, liveSeconds: Double) throws -> [WorkerStatus] {
        var leased: [String: Int] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT worker, count(*) FROM leases WHERE state = 'active' GROUP BY worker") {
            leased[row[0]] = row[1]
        }
        let since = liveSeconds.isFinite ? now - liveSeconds : -Double.greatestFiniteMagnitude
        return try Row.fetchAll(db, sql: """
            SELECT name, host, slots, done, failed, firstSeen, lastSeen, prefetch, requested FROM workers WHERE lastSeen >= ? ORDER BY name
            """, arguments: [since]).map { r in
            let name: String = r[0]
            return WorkerStatus(name: name, host: r[1], slots: r[2], prefetch: r[7], requested: r[8], leased: leased[name] ?? 0,
                                done: r[3], failed: r[4],
                                firstSeen: Timestamp(secondsSince1970: r[5]), lastSeen: Timestamp(secondsSince1970: r[6]))
        }
    }

    static func status(_ db: Database, sweepId: String, now: Double, window: Double) throws -> SweepStatus? {
        guard let r = try Row.fetchOne(db, sql: """
            SELECT seq, id, description, state, pending, leased, done, failed, createdAt, updatedAt, activatedAt, finishedAt
            FROM sweeps WHERE id = ?
            """, arguments: [sweepId]) else { return nil }
        let seq: Int64 = r[0]
        let state = SweepState(rawValue: r[3]) ?? .running
        let counts = TrialCounts(pending: r[4], leased: r[5], done: r[6], failed: r[7])
        let activatedAt: Double = r[10]
        // Results per second over the window, or over the time since the sweep (re)started
        // if that is shorter, so a young sweep is not under-counted.
        let since = max(now - window, activatedAt)
        let recent = try Int.fetchOne(db, sql: """
            SELECT count(*) FROM results r JOIN membership m ON m.trial = r.trial AND m.sweep = ?
            WHERE r.receivedAt >= ? AND r.receivedAt <= ?
            """, arguments: [seq, now - window, now]) ?? 0
        let span = max(1, now - since)
        let throughput = state == .running || state == .paused ? Double(recent) / span : 0
        let eta: Double? = counts.remaining == 0 ? 0 : (throughput > 0 && state == .running ? Double(counts.remaining) / throughput : nil)
        return SweepStatus(id: r[1], name: r[1], description: r[2], state: state, counts: counts, trials: counts.total,
                           throughput: throughput, eta: eta, createdAt: Timestamp(secondsSince1970: r[8]),
                           updatedAt: Timestamp(secondsSince1970: r[9]),
                           finishedAt: (r[11] as Double?).map { Timestamp(secondsSince1970: $0) })
    }

    /// The grid last submitted for a sweep (JSON, the `POST /v1/sweeps` body form).
    public func grid(sweepId: String) async throws(StoreError) -> String {
        guard SweepName.isValid(sweepId) else { throw .sweepNotFound(sweepId) }
        guard let g = try await read({ db in try String.fetchOne(db, sql: "SELECT grid FROM sweeps WHERE id = ?", arguments: [sweepId]) }) else {
            throw .sweepNotFound(sweepId)
        }
        return g
    }
}
