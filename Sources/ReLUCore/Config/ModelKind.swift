/// The network families of the paper's protocol.
public enum ModelKind: String, Codable, Sendable, CaseIterable {
    /// One ReLU plus an output bias: f(x) = max(0, w.x + b) + c.
    case single
    /// One ReLU with an output weight and bias: f(x) = v max(0, w.x + b) + c, He-normal w and v.
    case neuron
    /// `depth` hidden ReLU layers of `width` units and a linear output.
    case mlp
    /// A linear input projection, `depth` blocks h + W2 relu(W1 h + b1) + b2, a linear output.
    /// W2 is He-normal scaled by 1/sqrt(depth) (see ResidualReLUNetwork.initialize).
    case resmlp
}
