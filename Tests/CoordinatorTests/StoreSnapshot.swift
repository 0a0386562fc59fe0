import SweepModel
import SweepStore

/// What is stored, minus what changes with the clock alone: per sweep its state and counts,
/// per worker its counters, every trial's bookkeeping, every exported record and the event
/// count. Two equal snapshots = nothing changed.
struct StoreSnapshot: Equatable {
    struct Sweep: Equatable {
        var id: String
        var state: SweepState
        var counts: TrialCounts
    }

    struct Worker: Equatable {
        var name: String
        var leased: Int
        var done: Int
        var failed: Int
        var lastSeen: Timestamp
    }

    struct Trial: Equatable {
        var id: String
        var state: TrialState
        var epoch: Int
        var attempts: Int
        var lastError: String?
        var hasResult: Bool
    }

    var sweeps: [Sweep]
    var workers: [Worker]
    var trials: [Trial]
    var exported: [String]
    var events: Int

    static func take(_ store: SweepStore, trialIds: [String]) async throws -> StoreSnapshot {
        let list = try await store.statusList()
        var trials: [Trial] = []
        for id in trialIds.sorted() {
            if let t = try await store.trial(id: id) {
                trials.append(Trial(id: id, state: t.state, epoch: t.epoch, attempts: t.attempts, lastError: t.lastError, hasResult: t.hasResult))
            }
        }
        var exported: [String] = []
        for sweep in list.sweeps {
            try await store.exportRecords(sweepId: sweep.id) { records in
                exported += try records.map { try $0.jsonLine() }
            }
        }
        return StoreSnapshot(
            sweeps: list.sweeps.map { Sweep(id: $0.id, state: $0.state, counts: $0.counts) },
            workers: try await store.workers(includeIdle: true).map {
                Worker(name: $0.name, leased: $0.leased, done: $0.done, failed: $0.failed, lastSeen: $0.lastSeen)
            },
            trials: trials, exported: exported, events: try await store.events(after: 0, limit: 100_000).count)
    }
}
