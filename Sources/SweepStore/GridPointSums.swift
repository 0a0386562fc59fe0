import Foundation
import GRDB
import ReLUCore
import SweepModel

/// The per-grid-point statistics of each sweep (table `points`): a grid point is a trial config
/// without its seed, so a point's trials are its replicates. Kept in step with every trial that
/// becomes done or failed, in the same transaction, so the live phase table of a million-trial
/// sweep pools ten thousand rows instead of reading a million results.
enum GridPointSums {
    /// The statistics without the test MSEs (those live in their own column, appended to).
    static func encode(_ s: CellStatistics) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(152)
        for v in [s.n, s.failed, s.conflicts, s.collapsed, s.diverged] { append(Int64(v), to: &out) }
        for m in [s.dead, s.deadInit] {
            append(Int64(m.count), to: &out)
            for v in [m.sum, m.coarseSum, m.coarseSumOfSquares] { append(v, to: &out) }
        }
        return out
    }

    static func decode(_ bytes: [UInt8]?, nmse: [UInt8]?) -> CellStatistics {
        var s = CellStatistics()
        if let bytes, bytes.count == 152 {
            var i = 0
            func int64() -> Int64 {
                var v: UInt64 = 0
                for k in 0..<8 { v |= UInt64(bytes[i + k]) << (8 * k) }
                i += 8
                return Int64(bitPattern: v)
            }
            func int128() -> Int128 {
                let lo = UInt64(bitPattern: int64())
                let hi = int64()
                return Int128(hi) << 64 | Int128(lo)
            }
            s.n = Int(int64()); s.failed = Int(int64()); s.conflicts = Int(int64()); s.collapsed = Int(int64()); s.diverged = Int(int64())
            var moments: [FixedPointMoments] = []
            for _ in 0..<2 {
                let count = Int(int64())
                moments.append(FixedPointMoments(count: count, sum: int128(), coarseSum: int128(), coarseSumOfSquares: int128()))
            }
            s.dead = moments[0]
            s.deadInit = moments[1]
        }
        if let nmse { s.nmse = doubles(nmse) }
        return s
    }

    static func append(_ v: Int64, to out: inout [UInt8]) {
        let u = UInt64(bitPattern: v)
        for k in 0..<8 { out.append(UInt8(truncatingIfNeeded: u >> (8 * k))) }
    }

    static func append(_ v: Int128, to out: inout [UInt8]) {
        append(Int64(truncatingIfNeeded: v), to: &out)
        append(Int64(truncatingIfNeeded: v >> 64), to: &out)
    }

    static func bytes(_ values: [Double]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(values.count * 8)
        for v in values { append(Int64(bitPattern: v.bitPattern), to: &out) }
        return out
    }

    static func doubles(_ bytes: [UInt8]) -> [Double] {
        stride(from: 0, to: bytes.count - 7, by: 8).map { i in
            var v: UInt64 = 0
            for k in 0..<8 { v |= UInt64(bytes[i + k]) << (8 * k) }
            return Double(bitPattern: v)
        }
    }

    /// Adds `deltas` to the points' stored sums (the test MSEs appended).
    static func apply(_ db: Database, _ deltas: [Int64: CellStatistics]) throws {
        guard !deltas.isEmpty else { return }
        let read = try db.cachedStatement(sql: "SELECT sums, nmse FROM points WHERE id = ?")
        let write = try db.cachedStatement(sql: "UPDATE points SET sums = ?, nmse = ? WHERE id = ?")
        for (point, delta) in deltas.sorted(by: { $0.key < $1.key }) {
            guard let row = try Row.fetchOne(read, arguments: [point]) else { continue }
            let oldSums: Data? = row[0]
            let oldNMSE: Data? = row[1]
            var s = decode(oldSums.map { [UInt8]($0) }, nmse: nil)
            s.merge(delta)
            var nmse = oldNMSE ?? Data()
            if !delta.nmse.isEmpty { nmse.append(contentsOf: bytes(delta.nmse)) }
            try write.execute(arguments: [Data(encode(s)), nmse.isEmpty ? nil : nmse, point])
        }
    }

    /// A trial's grid point key: its canonical config without the seed.
    static func key(_ config: TrialConfig) -> String {
        var c = config
        c.seed = 0
        return CanonicalJSON.config(c)
    }
}
