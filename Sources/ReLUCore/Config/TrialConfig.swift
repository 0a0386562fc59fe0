/// One training run of the paper's protocol. Keys (`ConfigKey`) are the camelCase forms of
/// `relusweep train`'s flags, and a grid file's `base`/`axes` keys are exactly these. A trial's metrics are a pure
/// function of its config: same config, same numbers, on any machine.
public struct TrialConfig: Hashable, Sendable {
    public var model: ModelKind = .mlp
    public var dataset: DatasetSpec = .teacher
    /// Input dimension; nil = the data set's own (teacher 4, sine1d/relu1d 1, csv: its columns).
    public var inputDim: Int? = nil
    /// Hidden layers (mlp) or residual blocks (resmlp); ignored by `single` and `neuron`.
    public var depth: Int = 2
    /// Units per hidden layer; ignored by `single` and `neuron`.
    public var width: Int = 64
    /// sigma: targets are standardized on the train split, then multiplied by targetStd...
    public var targetStd: Double = 1
    /// ...and shifted by targetMean.
    public var targetMean: Double = 0
    public var optimizer: OptimizerKind = .momentum
    /// beta of heavy ball / Nesterov, beta1 of Adam; ignored by sgd.
    public var momentum: Double = 0.9
    public var lr: Double = 1e-3
    public var steps: Int = 1000
    /// Mini-batch size; 0 = full batch.
    public var batchSize: Int = 64
    public var seed: Int = 0
    /// Seed of the data alone; nil = derived from `seed` (every replicate sees fresh data).
    public var dataSeed: Int? = nil
    public var nTrain: Int = 1024
    public var nTest: Int = 1024
    /// Adam's second-moment decay and epsilon.
    public var beta2: Double = 0.999
    public var eps: Double = 1e-8
    /// Steps between dead-unit probes over the whole train set; 0 = automatic (every step for
    /// full batch, where the probe is free; steps/20 otherwise).
    public var probeEvery: Int = 0
    /// Stop once the network has collapsed and nothing can revive it (see Trainer); the
    /// remaining steps are reported as `skippedSteps`.
    public var earlyStop: Bool = false
    /// Record the dead fraction and loss at ~20 points of training (`metrics.trace`).
    public var trace: Bool = false
    /// For `single` and `neuron`: record (w, b) every this many steps (`metrics.trajectory`); 0 = off.
    public var trajectoryEvery: Int = 0
    /// Multiplies the output layer's He-normal initial weights (mlp, resmlp: the last layer;
    /// neuron: v). 1 = plain He; e.g. targetStd makes the initial output scale match the targets'.
    /// Added after protocol v1: left out of the JSON (and so of trial ids) at its default.
    public var outputInitScale: Double = 1

    public init() {}

    /// Batch size actually used (full batch resolved).
    public var effectiveBatchSize: Int { batchSize == 0 ? nTrain : min(batchSize, nTrain) }

    /// Checks ranges and combinations; the error names the key and the allowed values.
    public func validate() throws(ConfigError) {
        if case .csv(let path) = dataset {
            guard !path.isEmpty else { throw ConfigError(key: "dataset", "csv: needs a path, as in csv:data/diabetes.csv") }
            // A NUL would cut the path short where the system reads it; a newline or other
            // control character is no one's file name and would garble logs.
            guard !path.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
                throw ConfigError(key: "dataset", "csv: the path contains a control character (NUL, newline, tab, ...); name a file")
            }
        }
        if let d = inputDim, !(1...4096).contains(d) {
            throw ConfigError(key: "inputDim", "must be in 1...4096, got \(d)")
        }
        if model == .mlp || model == .resmlp {
            guard (1...64).contains(depth) else { throw ConfigError(key: "depth", "must be in 1...64, got \(depth)") }
            guard (1...4096).contains(width) else { throw ConfigError(key: "width", "must be in 1...4096, got \(width)") }
        }
        guard targetStd.isFinite && targetStd > 0 else {
            throw ConfigError(key: "targetStd", "must be a finite number > 0, got \(targetStd)")
        }
        guard targetMean.isFinite else { throw ConfigError(key: "targetMean", "must be finite, got \(targetMean)") }
        guard momentum.isFinite && momentum >= 0 && momentum < 1 else {
            throw ConfigError(key: "momentum", "must be in [0, 1), got \(momentum)")
        }
        guard lr.isFinite && lr > 0 else { throw ConfigError(key: "lr", "must be a finite number > 0, got \(lr)") }
        guard (0...100_000_000).contains(steps) else {
            throw ConfigError(key: "steps", "must be in 0...100000000, got \(steps)")
        }
        guard batchSize >= 0 else { throw ConfigError(key: "batchSize", "must be >= 0 (0 = full batch), got \(batchSize)") }
        guard seed >= 0 else { throw ConfigError(key: "seed", "must be >= 0, got \(seed)") }
        if let s = dataSeed, s < 0 { throw ConfigError(key: "dataSeed", "must be >= 0, got \(s)") }
        guard (1...1_000_000).contains(nTrain) else {
            throw ConfigError(key: "nTrain", "must be in 1...1000000, got \(nTrain)")
        }
        guard (0...1_000_000).contains(nTest) else {
            throw ConfigError(key: "nTest", "must be in 0...1000000, got \(nTest)")
        }
        guard beta2.isFinite && beta2 >= 0 && beta2 < 1 else {
            throw ConfigError(key: "beta2", "must be in [0, 1), got \(beta2)")
        }
        guard eps.isFinite && eps > 0 else { throw ConfigError(key: "eps", "must be > 0, got \(eps)") }
        guard probeEvery >= 0 else { throw ConfigError(key: "probeEvery", "must be >= 0 (0 = automatic), got \(probeEvery)") }
        guard trajectoryEvery >= 0 else {
            throw ConfigError(key: "trajectoryEvery", "must be >= 0 (0 = off), got \(trajectoryEvery)")
        }
        if trajectoryEvery > 0 && model != .single && model != .neuron {
            throw ConfigError(key: "trajectoryEvery", "records (w, b) of models single and neuron only; this trial's model is \(model.rawValue)")
        }
        guard outputInitScale.isFinite && outputInitScale >= 0 else {
            throw ConfigError(key: "outputInitScale", "must be a finite number >= 0, got \(outputInitScale)")
        }
        if model == .single && outputInitScale != 1 {
            throw ConfigError(key: "outputInitScale",
                              "model single has no output weight to scale (its output is max(0, w.x + b) + c); use model neuron, or leave outputInitScale at 1")
        }
    }
}
