import ReLUCore

extension AdaptiveDecision {
    /// The sweep's estimate of P(yes) at any point of a facet's range: interpolated
    /// (multilinearly, in each axis's spacing: in log on a geometric axis) between the corners
    /// of the leaf box holding it. `values` gives each refined axis's value; nil outside the
    /// grid's range or where a corner has no outcome yet.
    public func estimate(facet: Int, at values: [ConfigKey: Double]) -> Double? {
        let d = refinedAxes.count
        guard d > 0 else { return cells.first { $0.key.facet == facet }?.tally.fraction }
        let x = refinedAxes.map { values[$0] }
        guard x.allSatisfy({ $0 != nil }) else { return nil }
        let point = x.map { $0! }
        // Relative slack for values that are a box's end up to rounding.
        func inside(_ v: Double, _ lo: Double, _ hi: Double) -> Bool {
            let eps = 1e-12 * max(abs(lo), abs(hi), 1e-300)
            return v >= lo - eps && v <= hi + eps
        }
        guard let box = leaves.first(where: { b in
            b.facet == facet && (0..<d).allSatisfy { inside(point[$0], b.lower[$0], b.upper[$0]) }
        }) else { return nil }
        let t = (0..<d).map { a in min(1, max(0, spacings[a].fraction(point[a], from: box.lower[a], to: box.upper[a]))) }
        var sum = 0.0
        for (m, index) in box.corners.enumerated() {
            guard index >= 0, let f = cells[index].tally.fraction else { return nil }
            var w = 1.0
            for a in 0..<d { w *= (m >> a) & 1 == 1 ? t[a] : 1 - t[a] }
            sum += w * f
        }
        return sum
    }
}
