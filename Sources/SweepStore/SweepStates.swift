import GRDB
import SweepModel

/// Sweep state changes, keeping `trials.runnable` (= running sweeps holding the trial) exact.
enum SweepStates {
    static func set(_ db: Database, seq: Int64, id: String, from: SweepState, to: SweepState, now: Double) throws {
        guard from != to else { return }
        try db.execute(sql: """
            UPDATE sweeps SET state = ?, updatedAt = ?,
              finishedAt = CASE WHEN ? = 'finished' THEN ? ELSE NULL END,
              activatedAt = CASE WHEN ? = 'running' THEN ? ELSE activatedAt END
            WHERE seq = ?
            """, arguments: [to.rawValue, now, to.rawValue, now, to.rawValue, now, seq])
        if (from == .running) != (to == .running) {
            try db.execute(sql: """
                UPDATE trials SET runnable = runnable + ? WHERE seq IN (SELECT trial FROM membership WHERE sweep = ?)
                """, arguments: [to == .running ? 1 : -1, seq])
        }
        if to == .finished { try Events.log(db, at: now, kind: "finish", sweep: id) }
    }
}
