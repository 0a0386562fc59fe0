/// A regression network in the flat form the optimizers and the trainer work on.
///
/// Inputs are feature-major with a row of ones appended (`inputDim + 1` rows, leading dimension
/// `ldX >= n`): the ones row carries the biases, which sit as the last row of each layer's
/// input-major weight block. After `forward`, `hiddenActivations` hold post-ReLU values, so a
/// unit is alive on a sample iff its activation is > 0.
public protocol ReLUNetwork: AnyObject {
    var inputDim: Int { get }
    /// Largest batch (columns) one call may process.
    var capacity: Int { get }
    var parameterCount: Int { get }
    /// All trainable parameters, contiguous.
    var parameters: FloatBuffer { get }
    /// dLoss/dParameters after `lossAndGradient`.
    var gradients: FloatBuffer { get }
    /// Hidden ReLU units per layer (per block for resmlp).
    var unitsPerLayer: [Int] { get }

    /// He-normal weights (std sqrt(2 / fan_in)), zero biases; the output layer's weights then
    /// multiplied by the config's `outputInitScale`.
    func initialize(rng: inout DeterministicRNG)

    /// Predictions for `n <= capacity` samples into `predictions` (valid until the next call).
    func forward(x: UnsafePointer<Float>, ldX: Int, n: Int)
    var predictions: UnsafePointer<Float> { get }

    /// For each hidden layer, marks in `alive` (flat over layers) the units with an activation
    /// > 0 in the last `forward` of `n` samples. Never clears a mark.
    func markAlive(n: Int, alive: inout [Bool])

    /// Forward, MSE = mean((f - y)^2) over n samples, and its gradient into `gradients`.
    func lossAndGradient(x: UnsafePointer<Float>, ldX: Int, y: UnsafePointer<Float>, n: Int) -> Float

    /// When the hidden layers flagged in `deadLayers` (all units dead) make the output constant
    /// and cut every gradient upstream, the number of leading parameters that then receive
    /// zero gradient forever; nil when collapse is not absorbing (residual paths).
    func frozenPrefix(deadLayers: [Bool]) -> Int?
}

extension ReLUNetwork {
    /// Hidden units in all layers.
    public var totalUnits: Int { unitsPerLayer.reduce(0, +) }
}

/// Builds the network of a config.
public enum NetworkFactory {
    public static func make(_ config: TrialConfig, inputDim: Int, capacity: Int) -> any ReLUNetwork {
        let scale = Float(config.outputInitScale)
        switch config.model {
        case .single: return SingleReLUNetwork(inputDim: inputDim, capacity: capacity)
        case .neuron: return NeuronReLUNetwork(inputDim: inputDim, capacity: capacity, outputInitScale: scale)
        case .mlp:
            return DenseReLUNetwork(inputDim: inputDim, width: config.width, depth: config.depth, capacity: capacity,
                                    outputInitScale: scale)
        case .resmlp:
            return ResidualReLUNetwork(inputDim: inputDim, width: config.width, depth: config.depth, capacity: capacity,
                                       outputInitScale: scale)
        }
    }
}

/// Multiplies the weights (not the bias row) of an input-major block `[(fanIn + 1) x fanOut]`.
/// A scale of 1 leaves the block untouched, so default trials keep their exact parameters.
func scaleWeights(_ p: UnsafeMutablePointer<Float>, fanIn: Int, fanOut: Int, by scale: Float) {
    guard scale != 1 else { return }
    for i in 0..<(fanIn * fanOut) { p[i] *= scale }
}

/// He-normal fill of an input-major weight block `[(fanIn + 1) x fanOut]` whose last row (the
/// bias) stays zero.
func heInitialize(_ p: UnsafeMutablePointer<Float>, fanIn: Int, fanOut: Int, rng: inout DeterministicRNG) {
    let std = (2.0 / Double(fanIn)).squareRoot()
    for i in 0..<(fanIn * fanOut) { p[i] = Float(rng.nextNormal() * std) }
    for o in 0..<fanOut { p[fanIn * fanOut + o] = 0 }
}

/// Marks units alive: row u of the [units x n] activation block (rows `ld` apart) has an
/// entry > 0.
@inline(__always)
func markAliveRows(_ act: UnsafePointer<Float>, units: Int, n: Int, ld: Int, offset: Int, alive: inout [Bool]) {
    for u in 0..<units where !alive[offset + u] {
        let row = act + u * ld
        for j in 0..<n where row[j] > 0 {
            alive[offset + u] = true
            break
        }
    }
}

/// Fills row `row` (rows `ld` apart) of a feature-major block with n ones (the bias row).
@inline(__always)
func fillOnesRow(_ p: UnsafeMutablePointer<Float>, row: Int, n: Int, ld: Int) {
    (p + row * ld).update(repeating: 1, count: n)
}

/// The row stride of the networks' [rows x n] blocks: n, unless n floats are a multiple of
/// 4 KiB. Rows exactly 4 KiB apart all fall into the same few cache sets (L1 and L2), so a
/// kernel walking down a column panel (a probe's 1,024 samples, a full batch of 1,024) misses
/// on every row: 60 instead of 94 GFLOP/s for 64 x 1,024 x 65 on Zen 2. Only the layout
/// changes, never the arithmetic.
@inline(__always)
func paddedLeadingDimension(_ n: Int) -> Int { n % 1024 == 0 ? n + 16 : n }

/// Floats for a block of `rows` rows of up to `capacity` columns at the padded row stride.
@inline(__always)
func paddedBlockSize(rows: Int, capacity: Int) -> Int { rows * (capacity + 16) }

/// Residual r = f - y, loss = mean(r^2) (deterministic order), and dLoss/df = r * (2/n) in place.
@inline(__always)
func mseResidual(predictions: UnsafePointer<Float>, y: UnsafePointer<Float>, n: Int,
                 into d: UnsafeMutablePointer<Float>) -> Float {
    for j in 0..<n { d[j] = predictions[j] - y[j] }
    let loss = Kernels.dot(d, d, count: n) / Float(n)
    let scale = Float(2.0 / Double(n))
    for j in 0..<n { d[j] *= scale }
    return loss
}
