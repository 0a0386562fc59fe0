import GRDB
import ReLUCore
import SweepModel

/// Keeps sweeps' trial counters in step with trial state changes inside one write transaction,
/// and marks sweeps finished when nothing remains (not adaptive ones: their driver does). Callers change the trial rows and report
/// each change with `moved`; `commit` writes the counters once per touched sweep.
final class SweepLedger {
    struct Member {
        let seq: Int64
        let id: String
        let state: SweepState
        /// The trial's grid point in this sweep (nil only while a migration runs).
        let point: Int64?
    }

    private let db: Database
    private var members: [Int64: [Member]] = [:]
    private var deltas: [Int64: TrialCounts] = [:]
    /// Outcomes to add to grid points (`GridPointSums`), written by `commit`.
    private var pointDeltas: [Int64: CellStatistics] = [:]
    private var pointHasTest: [Int64: Bool] = [:]
    /// Every sweep's id and state, read once per transaction (sweeps are few).
    private var sweepTable: [Int64: (id: String, state: SweepState)]?

    init(_ db: Database) { self.db = db }

    private func loadSweeps() throws -> [Int64: (id: String, state: SweepState)] {
        if let t = sweepTable { return t }
        var table: [Int64: (id: String, state: SweepState)] = [:]
        for r in try Row.fetchAll(db, sql: "SELECT seq, id, state FROM sweeps") {
            table[r[0]] = (r[1], SweepState(rawValue: r[2]) ?? .running)
        }
        sweepTable = table
        return table
    }

    /// Reads the memberships of many trials with one query (the batch paths call this first).
    func prefetch(_ trials: [Int64]) throws {
        let missing = Array(Set(trials.filter { members[$0] == nil }))
        guard !missing.isEmpty else { return }
        let table = try loadSweeps()
        for t in missing { members[t] = [] }
        for chunk in stride(from: 0, to: missing.count, by: 500).map({ Array(missing[$0..<min($0 + 500, missing.count)]) }) {
            let sql = "SELECT trial, sweep, point FROM membership WHERE trial IN (\(BulkSQL.placeholders(chunk.count))) ORDER BY trial, sweep"
            for r in try Row.fetchAll(db.cachedStatement(sql: sql), arguments: StatementArguments(chunk)) {
                let trial: Int64 = r[0]
                let sweep: Int64 = r[1]
                if let s = table[sweep] { members[trial, default: []].append(Member(seq: sweep, id: s.id, state: s.state, point: r[2])) }
            }
        }
    }

    /// The sweeps holding a trial, oldest first.
    func sweeps(of trial: Int64) throws -> [Member] {
        if let m = members[trial] { return m }
        _ = try loadSweeps()
        let rows = try Row.fetchAll(db.cachedStatement(sql: "SELECT sweep, point FROM membership WHERE trial = ? ORDER BY sweep"),
                                    arguments: [trial])
        let m = rows.compactMap { r -> Member? in
            let s: Int64 = r[0]
            return sweepTable?[s].map { Member(seq: s, id: $0.id, state: $0.state, point: r[1]) }
        }
        members[trial] = m
        return m
    }

    /// Reports a trial's change of state; `metrics` with a move to done (its grid points add them).
    func moved(trial: Int64, from: TrialState, to: TrialState, metrics: TrialMetrics? = nil) throws {
        guard from != to else { return }
        for m in try sweeps(of: trial) {
            var d = deltas[m.seq] ?? TrialCounts()
            d.add(from, -1)
            d.add(to, 1)
            deltas[m.seq] = d
            guard let point = m.point else { continue }
            if from == .failed { pointDeltas[point, default: CellStatistics()].failed -= 1 }
            if to == .failed { pointDeltas[point, default: CellStatistics()].failed += 1 }
            if to == .done, let metrics {
                pointDeltas[point, default: CellStatistics()].add(metrics, nTest: try hasTest(point) ? 1 : 0)
            }
        }
    }

    private func hasTest(_ point: Int64) throws -> Bool {
        if let known = pointHasTest[point] { return known }
        let value = try Bool.fetchOne(db.cachedStatement(sql: "SELECT hasTest FROM points WHERE id = ?"), arguments: [point]) ?? true
        pointHasTest[point] = value
        return value
    }

    /// Writes the counters and finishes sweeps with nothing pending or leased.
    func commit(now: Double) throws {
        let update = try db.cachedStatement(sql: """
            UPDATE sweeps SET pending = pending + ?, leased = leased + ?, done = done + ?, failed = failed + ?,
              updatedAt = ? WHERE seq = ? RETURNING id, state, pending + leased
            """)
        for (seq, d) in deltas.sorted(by: { $0.key < $1.key }) {
            guard let row = try Row.fetchOne(update, arguments: [d.pending, d.leased, d.done, d.failed, now, seq]) else { continue }
            let remaining: Int = row[2]
            // An adaptive sweep may still add trials: its driver finishes it (SweepStore+Adaptive).
            if let state = SweepState(rawValue: row[1]), remaining == 0, state == .running || state == .paused,
               try !SweepStore.isAdaptive(db, seq: seq) {
                try SweepStates.set(db, seq: seq, id: row[0], from: state, to: .finished, now: now)
            }
        }
        deltas.removeAll()
        try GridPointSums.apply(db, pointDeltas)
        pointDeltas.removeAll()
    }
}

extension TrialCounts {
    mutating func add(_ state: TrialState, _ n: Int) {
        switch state {
        case .pending: pending += n
        case .leased: leased += n
        case .done: done += n
        case .failed: failed += n
        }
    }
}
