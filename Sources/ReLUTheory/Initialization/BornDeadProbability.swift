import Foundation

/// Born dead: how likely a bias-free ReLU network is constant already at initialization
/// (Lu, Shin, Su, Karniadakis 2019, "Dying ReLU and Initialization: Theory and Numerical
/// Examples"). The training core's `mlp` is bias-free at initialization (He-normal weights,
/// zero biases), so this is its `collapsedInit`.
///
/// Width N, L hidden layers, weights independent from a symmetric continuous distribution.
/// Given a nonzero input to a layer, each of its units is positive with probability 1/2,
/// independently (their weights are independent), so the layer is all zero with probability
/// 2^-N; once a layer is zero every later one is. Hence, exactly, at one input x != 0,
///
///     P(dead at x) = 1 - (1 - 2^-N)^L.
///
/// On a data set the network has collapsed when some hidden layer is zero on every input
/// (the training core's definition; with no biases this is the same as a constant output).
/// When the inputs' conic hull is the whole input space (1-D data of both signs; Gaussian
/// inputs in general position), no unit of layer 1 can be off on all of them, so layer 1 never
/// dies, and
/// - upper bound: given layers < l alive on the set, pick the first input where layer l - 1
///   is nonzero; layer l is dead on the set only if it is zero there, probability 2^-N. So
///   P(collapsed) <= 1 - (1 - 2^-N)^(L-1);
/// - lower bound: a layer l >= 2 whose N x N weights are all <= 0 is dead on every input
///   (its inputs are >= 0), so P(collapsed) >= 1 - (1 - 2^-(N^2))^(L-1).
/// For N = 1 the bounds meet. At width 32 the upper bound is ~L 2^-32: a depth study of
/// collapse at initialization needs widths of 2 to 8. (Residual networks do not fit this
/// picture: their skip path carries the input past a dead block.)
public struct BornDeadProbability: Hashable, Codable, Sendable {
    public let width: Int
    public let depth: Int

    public init(width: Int, depth: Int) throws(TheoryError) {
        guard width >= 1 else { throw TheoryError(argument: "width", "must be >= 1, got \(width)") }
        guard depth >= 1 else { throw TheoryError(argument: "depth", "must be >= 1, got \(depth)") }
        self.width = width
        self.depth = depth
    }

    /// 1 - (1 - p)^k without cancellation for tiny p.
    static func atLeastOnce(_ p: Double, times k: Int) -> Double {
        guard k > 0 else { return 0 }
        if p >= 1 { return 1 }
        return -expm1(Double(k) * log1p(-p))
    }

    /// P(some hidden layer is zero at one input x != 0) = 1 - (1 - 2^-N)^L.
    public var atPoint: Double { Self.atLeastOnce(pow(2, -Double(width)), times: depth) }

    /// Upper bound on P(collapsed on a data set whose inputs span every direction).
    public var dataSetUpperBound: Double { Self.atLeastOnce(pow(2, -Double(width)), times: depth - 1) }

    /// Lower bound on P(collapsed on any data set).
    public var dataSetLowerBound: Double { Self.atLeastOnce(pow(2, -Double(width * width)), times: depth - 1) }

    /// Expected fraction of layer l's units (1-based) that are off at one input x != 0:
    /// all of them when an earlier layer is zero, else half: 1 - (1 - 2^-N)^(l-1) / 2.
    public func unitOffFractionAtPoint(layer l: Int) -> Double {
        1 - 0.5 * (1 - Self.atLeastOnce(pow(2, -Double(width)), times: l - 1))
    }
}
