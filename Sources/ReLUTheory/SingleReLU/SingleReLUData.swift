/// One-dimensional regression data for the single-ReLU analysis, sorted by x (the loss does not
/// depend on order, and sorting makes every active set a prefix or a suffix).
public struct SingleReLUData: Sendable {
    /// Inputs, ascending.
    public let x: [Double]
    /// Targets, in the order of `x`.
    public let y: [Double]
    /// Start index of each run of equal x ("group"), plus `count` at the end.
    let groupStarts: [Int]
    /// Prefix sums over the sorted data: sum[i] = sum of the first i values.
    let sumX: [Double], sumXX: [Double], sumY: [Double], sumXY: [Double]

    /// sum |y_i|, the scale of rounding errors in sums of residuals.
    let sumAbsY: Double

    public var count: Int { x.count }
    public var xMin: Double { x[0] }
    public var xMax: Double { x[x.count - 1] }
    /// Number of distinct x values.
    public var groupCount: Int { groupStarts.count - 1 }

    public init(x: [Double], y: [Double]) throws(TheoryError) {
        guard !x.isEmpty else { throw TheoryError(argument: "x", "needs at least one data point") }
        guard x.count == y.count else {
            throw TheoryError(argument: "y", "needs one target per input: \(x.count) inputs, \(y.count) targets")
        }
        if let i = x.firstIndex(where: { !$0.isFinite }) { throw TheoryError(argument: "x", "x[\(i)] is not finite") }
        if let i = y.firstIndex(where: { !$0.isFinite }) { throw TheoryError(argument: "y", "y[\(i)] is not finite") }
        let order = x.indices.sorted { x[$0] < x[$1] || (x[$0] == x[$1] && $0 < $1) }
        let xs = order.map { x[$0] }
        let ys = order.map { y[$0] }
        self.x = xs
        self.y = ys
        var starts = [0]
        for i in 1..<xs.count where xs[i] != xs[i - 1] { starts.append(i) }
        starts.append(xs.count)
        groupStarts = starts
        var sx = [0.0], sxx = [0.0], sy = [0.0], sxy = [0.0]
        for i in xs.indices {
            sx.append(sx[i] + xs[i])
            sxx.append(sxx[i] + xs[i] * xs[i])
            sy.append(sy[i] + ys[i])
            sxy.append(sxy[i] + xs[i] * ys[i])
        }
        sumX = sx
        sumXX = sxx
        sumY = sy
        sumXY = sxy
        sumAbsY = ys.reduce(0) { $0 + abs($1) }
    }

    /// The group (run of equal x) holding sorted index i.
    func groupIndex(of i: Int) -> Int {
        var lo = 0, hi = groupStarts.count - 2
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if groupStarts[mid] <= i { lo = mid } else { hi = mid - 1 }
        }
        return lo
    }

    /// The training core's data (Float, d = 1).
    public init(coreX x: [Float], coreY y: [Float]) throws(TheoryError) {
        try self.init(x: x.map(Double.init), y: y.map(Double.init))
    }

    /// Sums over the sorted range lower..<upper.
    func sums(_ lower: Int, _ upper: Int) -> (n: Double, x: Double, xx: Double, y: Double, xy: Double) {
        (Double(upper - lower), sumX[upper] - sumX[lower], sumXX[upper] - sumXX[lower],
         sumY[upper] - sumY[lower], sumXY[upper] - sumXY[lower])
    }
}
