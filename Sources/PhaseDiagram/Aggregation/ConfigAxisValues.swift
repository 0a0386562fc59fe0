import ReLUCore

/// Reads one config key of a trial as an axis value. Keys are `TrialConfig.keys` (the grid and
/// `train --config` keys); unset optional keys (inputDim, dataSeed) read as "default".
public enum ConfigAxisValues {
    /// The pseudo-key for the training step of `metrics.trace` (dead fraction over time, P6).
    public static let stepKey = "step"

    /// Every key an axis or facet may name.
    public static var allowedKeys: [String] { TrialConfig.keys + [stepKey] }

    /// Keys that only tell replicates apart: never reported as pooled.
    public static let replicateKeys: Set<String> = ["seed", "dataSeed"]

    public static func value(_ key: TrialConfig.CodingKeys, of c: TrialConfig) -> AxisValue {
        func num(_ x: Double) -> AxisValue { .number(x) }
        func int(_ x: Int) -> AxisValue { .number(Double(x)) }
        // Exhaustive on purpose: a new config key must be given an axis value here.
        switch key {
        case .model: return .text(c.model.rawValue)
        case .dataset: return .text(c.dataset.description)
        case .inputDim: return c.inputDim.map(int) ?? .text("default")
        case .depth: return int(c.depth)
        case .width: return int(c.width)
        case .targetStd: return num(c.targetStd)
        case .targetMean: return num(c.targetMean)
        case .optimizer: return .text(c.optimizer.rawValue)
        case .momentum: return num(c.momentum)
        case .lr: return num(c.lr)
        case .steps: return int(c.steps)
        case .batchSize: return int(c.batchSize)
        case .seed: return int(c.seed)
        case .dataSeed: return c.dataSeed.map(int) ?? .text("default")
        case .nTrain: return int(c.nTrain)
        case .nTest: return int(c.nTest)
        case .beta2: return num(c.beta2)
        case .eps: return num(c.eps)
        case .probeEvery: return int(c.probeEvery)
        case .earlyStop: return .text(String(c.earlyStop))
        case .trace: return .text(String(c.trace))
        case .trajectoryEvery: return int(c.trajectoryEvery)
        case .outputInitScale: return num(c.outputInitScale)
        }
    }
}
