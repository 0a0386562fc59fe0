/// A network of one ReLU unit (`single`, `neuron`): its (w, b) can be followed as a trajectory.
public protocol SingleUnitNetwork: ReLUNetwork {
    /// The unit's input weights and bias, for `metrics.trajectory`.
    var unitWeights: (w: [Double], b: Double) { get }
}
