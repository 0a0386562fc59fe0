import ReLUCore
/// One swept key and its values, in the order they run.
public struct GridAxis: Hashable, Sendable {
    public let key: ConfigKey
    public let values: [ConfigValue]

    public init(key: ConfigKey, values: [ConfigValue]) {
        self.key = key
        self.values = values
    }
}

/// A factor of the cartesian product: one axis, or a zip group of axes that vary together.
public struct GridDimension: Hashable, Sendable {
    /// One key, or the keys of a zip group (in axes order).
    public let keys: [ConfigKey]
    public let size: Int
}
