import Foundation
import GRDB
import ReLUCore
import SweepModel

/// Fills `points` and `membership.point` for trials recorded before points existed (the v3
/// migration), and for trials joining a sweep at submit: each membership gets its point (made
/// when new), the point counts it as expected, and a finished trial adds its outcome.
struct GridPointBackfill {
    let db: Database
    private var ids: [String: Int64] = [:]
    private var expected: [Int64: Int] = [:]
    private var deltas: [Int64: CellStatistics] = [:]
    private var hasTest: [Int64: Bool] = [:]

    init(_ db: Database, sweep: Int64? = nil) throws {
        self.db = db
        if let sweep {
            for r in try Row.fetchAll(db, sql: "SELECT id, key, hasTest FROM points WHERE sweep = ?", arguments: [sweep]) {
                ids[r[1]] = r[0]
                hasTest[r[0]] = r[2]
            }
        }
    }

    /// The point of `config` in `sweep`, created when new.
    mutating func point(sweep: Int64, config: TrialConfig) throws -> Int64 {
        let key = GridPointSums.key(config)
        if let id = ids[key] { return id }
        try db.execute(sql: "INSERT INTO points(sweep, key, hasTest) VALUES (?, ?, ?) ON CONFLICT(sweep, key) DO NOTHING",
                       arguments: [sweep, key, config.nTest != 0])
        let id = try Int64.fetchOne(db, sql: "SELECT id FROM points WHERE sweep = ? AND key = ?", arguments: [sweep, key])!
        ids[key] = id
        hasTest[id] = config.nTest != 0
        return id
    }

    /// A trial became a member of the point: expected once, and its outcome if it has one.
    mutating func joined(point: Int64, state: TrialState, metricsJSON: String?) {
        expected[point, default: 0] += 1
        switch state {
        case .failed: deltas[point, default: CellStatistics()].failed += 1
        case .done:
            guard let json = metricsJSON, let m = Self.metrics(json) else { return }
            deltas[point, default: CellStatistics()].add(m, nTest: hasTest[point] == false ? 0 : 1)
        default: break
        }
    }

    /// Writes the expected counts and the outcomes.
    func flush() throws {
        let bump = try db.cachedStatement(sql: "UPDATE points SET expected = expected + ? WHERE id = ?")
        for (point, n) in expected.sorted(by: { $0.key < $1.key }) { try bump.execute(arguments: [n, point]) }
        try GridPointSums.apply(db, deltas)
    }

    static func metrics(_ json: String) -> TrialMetrics? {
        MetricsJSON.decode(json) ?? (try? JSONDecoder().decode(TrialMetrics.self, from: Data(json.utf8)))
    }

    /// The v3 migration: every existing membership gets its point.
    static func run(_ db: Database) throws {
        let sweeps = try Int64.fetchAll(db, sql: "SELECT seq FROM sweeps ORDER BY seq")
        let setPoint = try db.cachedStatement(sql: "UPDATE membership SET point = ? WHERE sweep = ? AND trial = ?")
        for sweep in sweeps {
            var fill = try GridPointBackfill(db, sweep: sweep)
            let rows = try Row.fetchCursor(db, sql: """
                SELECT m.trial, c.config, t.state, r.metrics FROM membership m JOIN trials t ON t.seq = m.trial
                JOIN trialConfigs c ON c.trial = m.trial LEFT JOIN results r ON r.trial = m.trial WHERE m.sweep = ?
                """, arguments: [sweep])
            var assignments: [(Int64, Int64)] = []
            while let r = try rows.next() {
                let configText: String = r[1]
                guard let config = CanonicalJSON.decodeConfig(configText)
                        ?? (try? JSONDecoder().decode(TrialConfig.self, from: Data(configText.utf8))) else { continue }
                let point = try fill.point(sweep: sweep, config: config)
                fill.joined(point: point, state: TrialState(rawValue: r[2]) ?? .pending, metricsJSON: r[3])
                assignments.append((point, r[0]))
            }
            for (point, trial) in assignments { try setPoint.execute(arguments: [point, sweep, trial]) }
            try fill.flush()
        }
    }
}
