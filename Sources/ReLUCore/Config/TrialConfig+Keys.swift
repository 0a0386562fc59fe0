/// Reading and writing a config by key: with `ConfigKey`, the one place a config key is listed.
extension TrialConfig {
    /// The value of `key`. Setting a value of the wrong kind (see `ConfigKey.kind`) is ignored:
    /// callers check values with `kind.admits` or build them with `kind.parse`.
    public subscript(key: ConfigKey) -> ConfigValue {
        get {
            switch key {
            case .model: .string(model.rawValue)
            case .dataset: .string(dataset.description)
            case .inputDim: inputDim.map(ConfigValue.int) ?? .null
            case .depth: .int(depth)
            case .width: .int(width)
            case .targetStd: .double(targetStd)
            case .targetMean: .double(targetMean)
            case .optimizer: .string(optimizer.rawValue)
            case .momentum: .double(momentum)
            case .lr: .double(lr)
            case .steps: .int(steps)
            case .batchSize: .int(batchSize)
            case .seed: .int(seed)
            case .dataSeed: dataSeed.map(ConfigValue.int) ?? .null
            case .nTrain: .int(nTrain)
            case .nTest: .int(nTest)
            case .beta2: .double(beta2)
            case .eps: .double(eps)
            case .probeEvery: .int(probeEvery)
            case .earlyStop: .bool(earlyStop)
            case .trace: .bool(trace)
            case .trajectoryEvery: .int(trajectoryEvery)
            case .outputInitScale: .double(outputInitScale)
            }
        }
        set {
            switch (key, newValue) {
            case (.model, .string(let s)): if let m = ModelKind(rawValue: s) { model = m }
            case (.dataset, .string(let s)): if let d = DatasetSpec(s) { dataset = d }
            case (.optimizer, .string(let s)): if let o = OptimizerKind(rawValue: s) { optimizer = o }
            case (.inputDim, .int(let i)): inputDim = i
            case (.inputDim, .null): inputDim = nil
            case (.dataSeed, .int(let i)): dataSeed = i
            case (.dataSeed, .null): dataSeed = nil
            case (.depth, .int(let i)): depth = i
            case (.width, .int(let i)): width = i
            case (.steps, .int(let i)): steps = i
            case (.batchSize, .int(let i)): batchSize = i
            case (.seed, .int(let i)): seed = i
            case (.nTrain, .int(let i)): nTrain = i
            case (.nTest, .int(let i)): nTest = i
            case (.probeEvery, .int(let i)): probeEvery = i
            case (.trajectoryEvery, .int(let i)): trajectoryEvery = i
            case (.targetStd, .double(let d)): targetStd = d
            case (.targetMean, .double(let d)): targetMean = d
            case (.momentum, .double(let d)): momentum = d
            case (.lr, .double(let d)): lr = d
            case (.beta2, .double(let d)): beta2 = d
            case (.eps, .double(let d)): eps = d
            case (.outputInitScale, .double(let d)): outputInitScale = d
            case (.earlyStop, .bool(let b)): earlyStop = b
            case (.trace, .bool(let b)): trace = b
            default: break
            }
        }
    }

    /// Every key a config (and so a grid file's base/axes) may use, in `ConfigKey` order.
    public static var keys: [String] { ConfigKey.allCases.map(\.rawValue) }

    /// True when `key` was added after protocol v1 and holds its default here (see
    /// `ConfigKey.omittedDefault`): left out of JSON and canonical forms.
    public func isOmittedDefault(_ key: ConfigKey) -> Bool {
        key.omittedDefault.map { self[key] == $0 } ?? false
    }
}

extension TrialConfig: Codable {
    /// Unknown keys are errors, not silently ignored: a typo ("targetstd") must not run a
    /// whole sweep at the default. Absent keys keep their defaults.
    public init(from decoder: any Decoder) throws {
        let any = try decoder.container(keyedBy: AnyConfigKey.self)
        for key in any.allKeys where ConfigKey(rawValue: key.stringValue) == nil {
            throw DecodingError.dataCorruptedError(
                forKey: key, in: any,
                debugDescription: "unknown key '\(key.stringValue)'; allowed: \(Self.keys.joined(separator: ", "))")
        }
        let c = try decoder.container(keyedBy: ConfigKey.self)
        var t = TrialConfig()
        for key in c.allKeys {
            let value: ConfigValue
            switch key.kind {
            case .integer: value = .int(try c.decode(Int.self, forKey: key))
            case .optionalInteger: value = try c.decodeIfPresent(Int.self, forKey: key).map(ConfigValue.int) ?? .null
            case .number: value = .double(try c.decode(Double.self, forKey: key))
            case .flag: value = .bool(try c.decode(Bool.self, forKey: key))
            case .name, .dataset:
                let text = try c.decode(String.self, forKey: key)
                guard let v = key.kind.parse(text) else {
                    throw DecodingError.dataCorruptedError(
                        forKey: key, in: c, debugDescription: "unknown \(key.rawValue) '\(text)'; expected \(key.kind.expectation)")
                }
                value = v
            }
            t[key] = value
        }
        self = t
    }

    /// Every key in `ConfigKey` order; unset optional keys and later keys at their default
    /// (`isOmittedDefault`) are omitted.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: ConfigKey.self)
        for key in ConfigKey.allCases where !isOmittedDefault(key) {
            switch self[key] {
            case .int(let i): try c.encode(i, forKey: key)
            case .double(let d): try c.encode(d, forKey: key)
            case .bool(let b): try c.encode(b, forKey: key)
            case .string(let s): try c.encode(s, forKey: key)
            case .null: break
            }
        }
    }
}

/// A coding key for any string, used to list a container's keys.
struct AnyConfigKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}
