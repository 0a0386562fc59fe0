import Foundation
import GRDB
import ReLUCore
import SweepModel

/// The store's side of adaptive sweeps (issue 14, docs/adaptive.md). The adaptive state is a
/// pure function of the grid and the stored results, so nothing is stored for it beyond the
/// trials: the driver (Coordinator's `AdaptiveDriver`) reads a snapshot, replays the planner and
/// adds the trials the decision has and the sweep lacks. The one thing that differs from a plain
/// sweep: a sweep whose grid has an `adaptive` block does not finish on its own when nothing
/// is pending or leased (the planner may add more); the driver finishes it.
extension SweepStore {
    /// Whether a stored grid (`GridSpec.jsonText()`) has an adaptive block. jsonText writes the
    /// key as `"adaptive":{`; inside a JSON string a quote is escaped, so only the key matches.
    public static func isAdaptive(grid: String) -> Bool {
        grid.contains(#""adaptive":{"#)
    }

    static func isAdaptive(_ db: Database, seq: Int64) throws -> Bool {
        try String.fetchOne(db.cachedStatement(sql: "SELECT grid FROM sweeps WHERE seq = ?"), arguments: [seq]).map(isAdaptive(grid:)) ?? false
    }

    /// Running sweeps with an adaptive block, how many of their trials have finished (done or
    /// failed: the driver replans a sweep when that number changes) and how many are pending.
    public func runningAdaptiveSweeps() async throws(StoreError) -> [(id: String, finished: Int, pending: Int)] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT id, done + failed, pending, grid FROM sweeps WHERE state = 'running' ORDER BY seq")
                .filter { Self.isAdaptive(grid: $0[3]) }
                .map { (id: $0[0], finished: $0[1], pending: $0[2]) }
        }
    }

    /// One read of a sweep for the planner: its grid, members, and the outcomes of finished
    /// trials whose ids are not in `known` (the driver keeps those it decoded before).
    public func adaptiveSnapshot(sweepId: String, known: Set<String>) async throws(StoreError) -> AdaptiveSweepSnapshot {
        guard SweepName.isValid(sweepId) else { throw .sweepNotFound(sweepId) }
        let snapshot: AdaptiveSweepSnapshot? = try await read { db in
            guard let s = try Row.fetchOne(db, sql: "SELECT seq, state, grid, pending, leased, done, failed FROM sweeps WHERE id = ?",
                                           arguments: [sweepId]) else { return nil }
            let seq: Int64 = s[0]
            var members = Set<String>()
            var wanted: [Int64] = []
            var failed: [String] = []
            let rows = try Row.fetchCursor(db, sql: """
                SELECT t.seq, t.id, t.state FROM membership m JOIN trials t ON t.seq = m.trial WHERE m.sweep = ?
                """, arguments: [seq])
            while let r = try rows.next() {
                let id: String = r[1]
                members.insert(id)
                guard !known.contains(id) else { continue }
                switch TrialState(rawValue: r[2]) {
                case .done: wanted.append(r[0])
                case .failed: failed.append(id)
                default: break
                }
            }
            var finished: [(id: String, metrics: TrialMetrics?)] = failed.map { ($0, nil) }
            for start in stride(from: 0, to: wanted.count, by: 500) {
                let chunk = Array(wanted[start..<min(start + 500, wanted.count)])
                let sql = "SELECT t.id, r.metrics FROM results r JOIN trials t ON t.seq = r.trial WHERE r.trial IN (\(BulkSQL.placeholders(chunk.count)))"
                for r in try Row.fetchAll(db, sql: sql, arguments: StatementArguments(chunk)) {
                    let json: String = r[1]
                    // A stored result always decodes (it was validated when recorded); one that
                    // did not would count as failed, which only widens its cell's interval.
                    finished.append((r[0], GridPointBackfill.metrics(json)))
                }
            }
            return AdaptiveSweepSnapshot(state: SweepState(rawValue: s[1]) ?? .running, grid: s[2], members: members, finished: finished,
                                         counts: TrialCounts(pending: s[3], leased: s[4], done: s[5], failed: s[6]))
        }
        guard let snapshot else { throw .sweepNotFound(sweepId) }
        return snapshot
    }

    /// Adds the trials a decision asks for to a running sweep (as `submit` does: existing trials
    /// are joined with their results, new ones are pending), and finishes the sweep when the
    /// planner is done (`finished`) and nothing remains. Does nothing to a sweep that is not
    /// running (paused, cancelled or finished meanwhile): a later replan adds the trials once
    /// it runs again. Idempotent: trials the sweep has are skipped.
    @discardableResult
    public func extendAdaptive(sweepId: String, trials: [Trial], finished: Bool, now: Date? = nil) async throws(StoreError) -> SubmitResponse? {
        guard SweepName.isValid(sweepId) else { throw .sweepNotFound(sweepId) }
        let t = (now ?? options.clock.now()).timeIntervalSince1970
        return try await write { db in
            guard let s = try Row.fetchOne(db, sql: "SELECT seq, state, grid, description FROM sweeps WHERE id = ?", arguments: [sweepId]) else {
                throw StoreError.sweepNotFound(sweepId)
            }
            guard SweepState(rawValue: s[1]) == .running else { return nil }
            var response = SubmitResponse(sweepId: sweepId, trials: 0, new: 0)
            if !trials.isEmpty {
                response = try Self.submit(db, name: sweepId, description: s[3], grid: s[2], trials: trials, now: t, adaptive: true,
                                           logKind: "adaptive")
            }
            if finished, let row = try Row.fetchOne(db, sql: "SELECT pending + leased, pending + leased + done + failed FROM sweeps WHERE seq = ?",
                                                    arguments: [s[0] as Int64]), (row[0] as Int) == 0 {
                try SweepStates.set(db, seq: s[0], id: sweepId, from: .running, to: .finished, now: t)
                response.trials = row[1]
            }
            return response
        }
    }
}
