import ReLUCore

extension GridSpec {
    /// The config of every trial shares these keys.
    var baseConfig: TrialConfig {
        var c = TrialConfig()
        for (k, v) in base { c[k] = v }
        return c
    }

    /// The config of trial `index` (0..<trialCount), without validation. Order: seeds
    /// outermost, so the first `cellCount` trials are one replicate of every cell (a sweep
    /// run in order has a coarse picture of the whole grid early); inside a replicate, the
    /// first dimension varies slowest.
    public func config(at index: Int) -> TrialConfig {
        var c = baseConfig
        Layout(self).fill(&c, index: index)
        return c
    }

    /// The dimensions with their value columns, computed once per expansion.
    struct Layout {
        /// Per dimension (slowest first): its size and, per key, the values.
        let dimensions: [(size: Int, columns: [(ConfigKey, [ConfigValue])])]
        let cells: Int
        let seeds: SeedSpec

        init(_ g: GridSpec) {
            dimensions = g.dimensions.map { d in
                (d.size, d.keys.map { k in (k, g.axes.first { $0.key == k }?.values ?? []) })
            }
            cells = max(g.cellCount, 1)
            seeds = g.seeds
        }

        func fill(_ c: inout TrialConfig, index: Int) {
            var cell = index % cells
            let replicate = index / cells
            switch seeds {
            case .none: break
            case .count: c.seed = replicate
            case .list(let l): if replicate < l.count { c.seed = l[replicate] }
            }
            for d in dimensions.reversed() {
                let i = cell % d.size
                cell /= d.size
                for (key, values) in d.columns where i < values.count {
                    c[key] = values[i]
                }
            }
        }
    }

    /// Every trial, in order, each config validated (`TrialConfig.validate()`). An invalid
    /// trial fails the whole grid with an error naming the key's origin (file and key path),
    /// the value and the trial.
    public func trials() throws(GridError) -> [Trial] {
        let layout = Layout(self)
        let base = baseConfig
        var out: [Trial] = []
        out.reserveCapacity(trialCount)
        for index in 0..<trialCount {
            var c = base
            layout.fill(&c, index: index)
            do {
                try c.validate()
            } catch {
                throw invalidTrial(error, config: c, index: index)
            }
            out.append(Trial(config: c))
        }
        return out
    }

    /// Validates every trial's config without keeping anything: `trials()` in constant
    /// memory, for a grid of a million trials.
    public func validateAll() throws(GridError) {
        let layout = Layout(self)
        let base = baseConfig
        for index in 0..<trialCount {
            var c = base
            layout.fill(&c, index: index)
            do { try c.validate() } catch { throw invalidTrial(error, config: c, index: index) }
        }
    }

    /// The configs in trial order, computed one at a time without ids or validation (expected
    /// counts of a million-trial grid without hashing a million configs).
    public var lazyConfigs: LazyMapSequence<Range<Int>, TrialConfig> {
        let layout = Layout(self)
        let base = baseConfig
        return (0..<trialCount).lazy.map { index in
            var c = base
            layout.fill(&c, index: index)
            return c
        }
    }

    /// The trials in order, computed one at a time (ids included), without validation: for
    /// streaming a validated grid into storage in constant memory.
    public var lazyTrials: LazyMapSequence<Range<Int>, Trial> {
        let layout = Layout(self)
        let base = baseConfig
        return (0..<trialCount).lazy.map { index in
            var c = base
            layout.fill(&c, index: index)
            return Trial(config: c)
        }
    }

    /// The first `count` trials (for `plan`), validated.
    public func sampleTrials(_ count: Int) throws(GridError) -> [Trial] {
        let layout = Layout(self)
        let base = baseConfig
        var out: [Trial] = []
        for index in 0..<min(count, trialCount) {
            var c = base
            layout.fill(&c, index: index)
            do { try c.validate() } catch { throw invalidTrial(error, config: c, index: index) }
            out.append(Trial(config: c))
        }
        return out
    }

    /// The varying keys of a config, as `key=value` pairs (for listings).
    public func varyingValues(of config: TrialConfig) -> [(key: ConfigKey, value: ConfigValue)] {
        varyingKeys.map { ($0, config[$0]) }
    }

    private func invalidTrial(_ error: ConfigError, config: TrialConfig, index: Int) -> GridError {
        let key = ConfigKey(rawValue: error.key)
        let origin = key.flatMap { keyOrigins[$0] }
        let varying = varyingValues(of: config).map { "\($0.key.rawValue)=\($0.value.text)" }.joined(separator: ", ")
        let which = varying.isEmpty ? "trial \(index)" : "trial \(index) (\(varying))"
        if let origin {
            return GridError(file: origin.file, keyPath: origin.path, "\(error.message) in \(which)")
        }
        return GridError(file: source, keyPath: error.key,
                         "\(error.message) in \(which) (this is the config default; set it under base or axes)")
    }
}
