import Foundation

/// One (model, width, depth) of the born-dead table: how often the network was already
/// collapsed at initialization, measured over distinct seeds, beside the theory of Lu et al. 2019.
public struct BornDeadRow: Hashable, Sendable, Codable {
    public var model: String
    public var width: Int
    public var depth: Int
    /// Distinct seeds (the init depends on the seed only; optimizer and targetStd do not change it).
    public var n: Int
    public var collapsedInit: Int
    public var fraction: Double?
    public var lower: Double?
    public var upper: Double?
    /// 1 - (1 - 2^-N)^L: dead at one input (bias-free, N units, L layers).
    public var theoryAtPoint: Double
    /// Bounds on collapse on a data set whose inputs span every direction:
    /// 1 - (1 - 2^-(N^2))^(L-1) <= P <= 1 - (1 - 2^-N)^(L-1). Plain (mlp) networks only.
    public var theoryLower: Double
    public var theoryUpper: Double
    /// Monte Carlo of bias-free He-normal networks on the sweep's own train inputs; nil where
    /// not computed (width > 8: the bound is below 1e-8 there; resmlp: the theory does not apply).
    public var monteCarlo: Double?
    public var monteCarloDraws: Int?
}
