import GRDB

/// Lease ids: 16 hex digits of a counter, then 16 random hex digits (64 bits from the system
/// generator). The counter keeps new ids in ascending order, so the leases table (keyed by id)
/// grows at its end instead of dirtying a random page per grant; the random half keeps ids
/// unguessable from one another.
enum LeaseToken {
    /// The next `count` ids, above every id in the table (call inside the write transaction).
    static func make(_ db: Database, count: Int) throws -> [String] {
        guard count > 0 else { return [] }
        let last = try String.fetchOne(db.cachedStatement(sql: "SELECT id FROM leases ORDER BY id DESC LIMIT 1"))
        var next = last.flatMap { UInt64($0.prefix(16), radix: 16) }.map { $0 &+ 1 } ?? 1
        var g = SystemRandomNumberGenerator()
        var out: [String] = []
        out.reserveCapacity(count)
        for _ in 0..<count {
            out.append(hex(next) + hex(g.next()))
            next &+= 1
        }
        return out
    }

    private static let digits: [UInt8] = Array("0123456789abcdef".utf8)

    static func hex(_ v: UInt64) -> String {
        var out = [UInt8](repeating: 0, count: 16)
        var x = v
        for i in stride(from: 15, through: 0, by: -1) {
            out[i] = digits[Int(x & 0xF)]
            x >>= 4
        }
        return String(decoding: out, as: UTF8.self)
    }
}
