/// Count, sum and sum of squares of values in [-256, 256] (dead fractions live in [0, 1]) as
/// integer sums of fixed-point numbers. Integer sums do not depend on the order values arrive
/// in, so a cell's mean and interval are the same bits whether its trials were read from one
/// file, from several, or summed per grid point by the coordinator and pooled later (the live
/// phase table equals `relusweep aggregate` of the export).
///
/// The sum is kept in units of 2^-64 (exact for every double from 2^-11 up, so the mean of
/// one value is that value); the spread in units of 2^-32 (a sum of squares in 2^-64 units
/// would overflow 128 bits), which moves a standard deviation by about 1e-10 at most.
public struct FixedPointMoments: Hashable, Sendable, Codable {
    public private(set) var count: Int
    /// Σ round(x · 2^64).
    public private(set) var sum: Int128
    /// Σ round(x · 2^32) and Σ round(x · 2^32)², for the variance.
    public private(set) var coarseSum: Int128
    public private(set) var coarseSumOfSquares: Int128

    static let fine = 18_446_744_073_709_551_616.0  // 2^64
    static let coarse = 4_294_967_296.0  // 2^32

    public init(count: Int = 0, sum: Int128 = 0, coarseSum: Int128 = 0, coarseSumOfSquares: Int128 = 0) {
        self.count = count
        self.sum = sum
        self.coarseSum = coarseSum
        self.coarseSumOfSquares = coarseSumOfSquares
    }

    public mutating func add(_ x: Double) {
        let v = x.isNaN ? 0 : min(max(x, -256), 256)
        let q = Int128((v * Self.coarse).rounded())
        count += 1
        sum += Int128((v * Self.fine).rounded())
        coarseSum += q
        coarseSumOfSquares += q * q
    }

    public mutating func merge(_ other: FixedPointMoments) {
        count += other.count
        sum += other.sum
        coarseSum += other.coarseSum
        coarseSumOfSquares += other.coarseSumOfSquares
    }

    public var mean: Double? {
        count > 0 ? Double(sum) / Self.fine / Double(count) : nil
    }

    /// The sample variance (n - 1 in the denominator), its numerator computed exactly in integers.
    public var variance: Double? {
        guard count > 1 else { return nil }
        let n = Int128(count)
        let numerator = n * coarseSumOfSquares - coarseSum * coarseSum
        return Double(numerator) / (Self.coarse * Self.coarse) / (Double(count) * Double(count - 1))
    }
}
