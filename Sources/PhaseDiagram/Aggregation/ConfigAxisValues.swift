import SweepModel
import ReLUCore

/// Reads one config key of a trial as an axis value. Keys are `ConfigKey`s (the grid and
/// `train --config` keys) or `step`; an unset optional key (inputDim, dataSeed) reads as the
/// name "default", a flag as the name "true" or "false" (axes of names, drawn as categories).
public enum ConfigAxisValues {
    /// The pseudo-key for the training step of `metrics.trace` (dead fraction over time, P6).
    public static let stepKey = "step"

    /// Every key an axis or facet may name.
    public static var allowedKeys: [String] { TrialConfig.keys + [stepKey] }

    public static func value(_ key: ConfigKey, of c: TrialConfig) -> ConfigValue {
        switch c[key] {
        case .null: .string("default")
        case .bool(let b): .string(String(b))
        case let v: v
        }
    }
}
