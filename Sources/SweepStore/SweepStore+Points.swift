import Foundation
import GRDB
import ReLUCore
import SweepModel

/// One grid point of a sweep and the statistics of its finished trials.
public struct GridPointStatistics: Sendable {
    /// The point's config (seed 0): every trial of the point has it but for the seed.
    public var config: TrialConfig
    /// The sweep's trials at this point.
    public var expected: Int
    public var statistics: CellStatistics
}

extension SweepStore {
    /// Every grid point of a sweep with its statistics, one read: what the live phase table pools
    /// into the cells of any query (thousands of rows for a million trials). `withTestMSE` also
    /// reads each trial's normalized test MSE (for the nmse metric's medians).
    public func points(sweepId: String, withTestMSE: Bool) async throws(StoreError) -> [GridPointStatistics] {
        guard SweepName.isValid(sweepId) else { throw .sweepNotFound(sweepId) }
        let rows: [(String, Int, Data?, Data?)]? = try await read { db in
            guard let seq = try Int64.fetchOne(db, sql: "SELECT seq FROM sweeps WHERE id = ?", arguments: [sweepId]) else { return nil }
            let sql = "SELECT key, expected, sums, \(withTestMSE ? "nmse" : "NULL") FROM points WHERE sweep = ? ORDER BY id"
            return try Row.fetchAll(db, sql: sql, arguments: [seq]).map { ($0[0], $0[1], $0[2], $0[3]) }
        }
        guard let rows else { throw .sweepNotFound(sweepId) }
        var out: [GridPointStatistics] = []
        out.reserveCapacity(rows.count)
        for (key, expected, sums, nmse) in rows {
            guard let config = CanonicalJSON.decodeConfig(key) ?? (try? JSONDecoder().decode(TrialConfig.self, from: Data(key.utf8))) else {
                throw .database("grid point of \(sweepId) has an unreadable config in \(path)")
            }
            out.append(GridPointStatistics(config: config, expected: expected, statistics: GridPointSums.decode(sums.map { [UInt8]($0) }, nmse: nmse.map { [UInt8]($0) })))
        }
        return out
    }
}
