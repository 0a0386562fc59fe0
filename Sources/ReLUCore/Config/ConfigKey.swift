/// A key of `TrialConfig`: the camelCase name `relusweep train`'s flags, grid files' `base` and
/// `axes`, results files and the HTTP API all use. This enum, `kind` and `TrialConfig`'s
/// subscript (TrialConfig+Keys.swift) are the one list of config keys: Codable, grid parsing,
/// the CSV columns, axis values and the API's integer checks derive from them, so a new key is
/// added here and nowhere else.
public enum ConfigKey: String, CaseIterable, CodingKey, Hashable, Sendable {
    case model, dataset, inputDim, depth, width, targetStd, targetMean, optimizer, momentum, lr
    case steps, batchSize, seed, dataSeed, nTrain, nTest, beta2, eps, probeEvery, earlyStop
    case trace, trajectoryEvery, outputInitScale

    /// What values the key takes.
    public var kind: ConfigValueKind {
        switch self {
        case .model: .name(ModelKind.allCases.map(\.rawValue))
        case .optimizer: .name(OptimizerKind.allCases.map(\.rawValue))
        case .dataset: .dataset
        case .inputDim, .dataSeed: .optionalInteger
        case .depth, .width, .steps, .batchSize, .seed, .nTrain, .nTest, .probeEvery, .trajectoryEvery: .integer
        case .targetStd, .targetMean, .momentum, .lr, .beta2, .eps, .outputInitScale: .number
        case .earlyStop, .trace: .flag
        }
    }

    /// Keys that only tell replicates apart (never an axis of their own in a phase table).
    public var isReplicate: Bool { self == .seed || self == .dataSeed }

    /// For a key added after protocol v1: its default, at which it is left out of the config's
    /// JSON and canonical form, so every trial that leaves it alone keeps the id (and the
    /// record) it had before the key existed. nil for the original keys.
    public var omittedDefault: ConfigValue? {
        switch self {
        case .outputInitScale: .double(1)
        default: nil
        }
    }
}

/// The type of a config key's values.
public enum ConfigValueKind: Hashable, Sendable {
    /// An integer (`ConfigValue.int`).
    case integer
    /// An integer, or null for "the default" (`inputDim`, `dataSeed`).
    case optionalInteger
    /// A finite number (`ConfigValue.double`).
    case number
    /// true or false.
    case flag
    /// One of these names (`ConfigValue.string`).
    case name([String])
    /// A data set spelling (`DatasetSpec`): teacher, sine1d, relu1d, csv:PATH.
    case dataset

    /// What a value looks like, for messages ("an integer", "one of sgd, momentum, ...").
    public var expectation: String {
        switch self {
        case .integer: "an integer"
        case .optionalInteger: "an integer or null"
        case .number: "a finite number"
        case .flag: "true or false"
        case .name(let names): "one of \(names.joined(separator: ", "))"
        case .dataset: "one of \(DatasetSpec.allowedSpellings)"
        }
    }

    /// Integer-valued (JSON numbers that must be whole).
    public var isInteger: Bool { self == .integer || self == .optionalInteger }

    /// Reads a value from its text form (a CSV field, a command-line value): "" is null for an
    /// optional integer; nil when the text is not a value of this kind.
    public func parse(_ text: String) -> ConfigValue? {
        switch self {
        case .integer: return Int(text).map(ConfigValue.int)
        case .optionalInteger: return text.isEmpty || text == "null" ? .null : Int(text).map(ConfigValue.int)
        case .number:
            guard let d = Double(text), d.isFinite else { return nil }
            return .double(d == 0 ? 0 : d)
        case .flag: return Bool(text).map(ConfigValue.bool)
        case .name(let names): return names.contains(text) ? .string(text) : nil
        case .dataset: return DatasetSpec(text).map { .string($0.description) }
        }
    }

    /// Whether `value` has this kind's type (and, for names and data sets, an allowed value).
    public func admits(_ value: ConfigValue) -> Bool {
        switch (self, value) {
        case (.integer, .int), (.optionalInteger, .int), (.optionalInteger, .null), (.flag, .bool): true
        case (.number, .double(let d)): d.isFinite
        case (.name(let names), .string(let s)): names.contains(s)
        case (.dataset, .string(let s)): DatasetSpec(s) != nil
        default: false
        }
    }
}
