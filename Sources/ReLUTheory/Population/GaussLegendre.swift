/// Composite Gauss-Legendre quadrature: 8 nodes per panel, exact for polynomials of degree 15
/// on each panel, so smooth integrands converge fast as panels shrink.
enum GaussLegendre {
    static let nodes: [Double] = [
        -0.9602898564975363, -0.7966664774136267, -0.5255324099163290, -0.1834346424956498,
        0.1834346424956498, 0.5255324099163290, 0.7966664774136267, 0.9602898564975363,
    ]
    static let weights: [Double] = [
        0.1012285362903763, 0.2223810344533745, 0.3137066458778873, 0.3626837833783620,
        0.3626837833783620, 0.3137066458778873, 0.2223810344533745, 0.1012285362903763,
    ]

    /// The integral of f over [a, b] with `panels` equal panels.
    static func integrate(_ a: Double, _ b: Double, panels: Int, _ f: (Double) -> Double) -> Double {
        guard b > a else { return 0 }
        let h = (b - a) / Double(panels)
        var total = 0.0
        for p in 0..<panels {
            let mid = a + (Double(p) + 0.5) * h
            var s = 0.0
            for k in 0..<8 { s += weights[k] * f(mid + 0.5 * h * nodes[k]) }
            total += 0.5 * h * s
        }
        return total
    }
}
