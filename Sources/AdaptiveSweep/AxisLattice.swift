import ReLUCore

/// A refined axis's possible values: its grid values (sorted) and every midpoint refinement can
/// add, down to `rounds` halvings and one more (the edges of the finest cells). Positions are
/// integers: grid value i is at position i * `unit`; a cell of round r sits on a multiple of
/// `unit >> r` that is not a multiple of `unit >> (r - 1)` on at least one refined axis.
struct AxisLattice: Sendable {
    let key: ConfigKey
    let spacing: AxisSpacing
    /// Positions per grid interval: 2^(rounds + 1).
    let unit: Int
    /// The value at every position 0...last.
    let values: [Double]

    init(key: ConfigKey, gridValues: [Double], rounds: Int) {
        self.key = key
        let sorted = Array(Set(gridValues)).sorted()
        spacing = AxisSpacing.detect(sorted)
        unit = 1 << (rounds + 1)
        var v = [Double](repeating: 0, count: (sorted.count - 1) * unit + 1)
        for (i, x) in sorted.enumerated() { v[i * unit] = x }
        // Each level halves the previous one's intervals, from their two (already computed)
        // ends: the same doubles whatever order cells are added in.
        var step = unit / 2
        while step >= 1 {
            for p in stride(from: step, to: v.count, by: 2 * step) {
                v[p] = spacing.midpoint(v[p - step], v[p + step])
            }
            step /= 2
        }
        values = v
    }

    var last: Int { values.count - 1 }

    /// The round that first has a cell at position `p`: 0 on grid values.
    func round(of p: Int) -> Int {
        if p % unit == 0 { return 0 }
        return unit.trailingZeroBitCount - p.trailingZeroBitCount
    }
}
