/// Random lease ids: 128 bits from the system generator, as 32 lowercase hex digits, so a
/// lease cannot be guessed from another.
enum LeaseToken {
    static func make() -> String {
        var g = SystemRandomNumberGenerator()
        let hex: [UInt8] = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(32)
        for _ in 0..<2 {
            var v = g.next() as UInt64
            for _ in 0..<16 {
                out.append(hex[Int(v & 0xF)])
                v >>= 4
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
