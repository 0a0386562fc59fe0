import ReLUCore

extension GridSpec {
    /// The config of every trial shares these keys.
    var baseConfig: TrialConfig {
        var c = TrialConfig()
        for (k, v) in base { v.apply(k, to: &c) }
        return c
    }

    /// The config of trial `index` (0..<trialCount), without validation. Order: seeds
    /// outermost, so the first `cellCount` trials are one replicate of every cell (a sweep
    /// run in order has a coarse picture of the whole grid early); inside a replicate, the
    /// first dimension varies slowest.
    public func config(at index: Int) -> TrialConfig {
        var c = baseConfig
        fill(&c, index: index, dimensions: dimensions, cellCount: cellCount)
        return c
    }

    private func fill(_ c: inout TrialConfig, index: Int, dimensions: [GridDimension], cellCount: Int) {
        let cells = max(cellCount, 1)
        var cell = index % cells
        if let seeds = seeds.seeds {
            let r = index / cells
            if r < seeds.count { c.seed = seeds[r] }
        }
        for d in dimensions.reversed() {
            let i = cell % d.size
            cell /= d.size
            for key in d.keys {
                if let axis = axes.first(where: { $0.key == key }), i < axis.values.count {
                    axis.values[i].apply(key, to: &c)
                }
            }
        }
    }

    /// Every trial, in order, each config validated (`TrialConfig.validate()`). An invalid
    /// trial fails the whole grid with an error naming the key's origin (file and key path),
    /// the value and the trial.
    public func trials() throws(GridError) -> [Trial] {
        let dims = dimensions
        let cells = cellCount
        let base = baseConfig
        var out: [Trial] = []
        out.reserveCapacity(trialCount)
        for index in 0..<trialCount {
            var c = base
            fill(&c, index: index, dimensions: dims, cellCount: cells)
            do {
                try c.validate()
            } catch {
                throw invalidTrial(error, config: c, index: index)
            }
            out.append(Trial(config: c))
        }
        return out
    }

    /// The first `count` trials (for `plan`), validated.
    public func sampleTrials(_ count: Int) throws(GridError) -> [Trial] {
        let dims = dimensions
        let cells = cellCount
        var out: [Trial] = []
        for index in 0..<min(count, trialCount) {
            var c = baseConfig
            fill(&c, index: index, dimensions: dims, cellCount: cells)
            do { try c.validate() } catch { throw invalidTrial(error, config: c, index: index) }
            out.append(Trial(config: c))
        }
        return out
    }

    /// The varying keys of a config, as `key=value` pairs (for listings).
    public func varyingValues(of config: TrialConfig) -> [(key: ConfigKey, value: ConfigValue)] {
        varyingKeys.map { ($0, ConfigValue.read($0, from: config)) }
    }

    private func invalidTrial(_ error: ConfigError, config: TrialConfig, index: Int) -> GridError {
        let key = ConfigKey(rawValue: error.key)
        let origin = key.flatMap { keyOrigins[$0] }
        let varying = varyingValues(of: config).map { "\($0.key.rawValue)=\($0.value)" }.joined(separator: ", ")
        let which = varying.isEmpty ? "trial \(index)" : "trial \(index) (\(varying))"
        if let origin {
            return GridError(file: origin.file, keyPath: origin.path, "\(error.message) in \(which)")
        }
        return GridError(file: source, keyPath: error.key,
                         "\(error.message) in \(which) (this is the config default; set it under base or axes)")
    }
}
