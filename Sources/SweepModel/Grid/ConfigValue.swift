import ReLUCore

/// The keys of a trial config, as grid files spell them (`TrialConfig`'s coding keys).
public typealias ConfigKey = TrialConfig.CodingKeys

/// One value of one config key, already checked against the key's type: what grid `base` and
/// `axes` entries hold. Doubles are finite.
public enum ConfigValue: Hashable, Sendable, CustomStringConvertible {
    case int(Int)
    case double(Double)
    case bool(Bool)
    case string(String)
    /// An optional key left unset (`inputDim: null` = the data set's own).
    case null

    /// Canonical JSON text (see `CanonicalJSON`).
    public var json: String {
        switch self {
        case .int(let i): String(i)
        case .double(let d): CanonicalJSON.number(d)
        case .bool(let b): b ? "true" : "false"
        case .string(let s): CanonicalJSON.string(s)
        case .null: "null"
        }
    }

    /// Appends the canonical JSON text.
    func appendJSON(to out: inout String) {
        switch self {
        case .int(let i): out.append(String(i))
        case .double(let d): out.append(CanonicalJSON.number(d))
        case .bool(let b): out.append(b ? "true" : "false")
        case .string(let s): CanonicalJSON.appendString(s, to: &out)
        case .null: out.append("null")
        }
    }

    /// As shown to people: JSON, with strings unquoted.
    public var description: String {
        if case .string(let s) = self { return s }
        return json
    }

    /// The value `key` has in `config`.
    public static func read(_ key: ConfigKey, from c: TrialConfig) -> ConfigValue {
        switch key {
        case .model: .string(c.model.rawValue)
        case .dataset: .string(c.dataset.description)
        case .inputDim: c.inputDim.map(ConfigValue.int) ?? .null
        case .depth: .int(c.depth)
        case .width: .int(c.width)
        case .targetStd: .double(c.targetStd)
        case .targetMean: .double(c.targetMean)
        case .optimizer: .string(c.optimizer.rawValue)
        case .momentum: .double(c.momentum)
        case .lr: .double(c.lr)
        case .steps: .int(c.steps)
        case .batchSize: .int(c.batchSize)
        case .seed: .int(c.seed)
        case .dataSeed: c.dataSeed.map(ConfigValue.int) ?? .null
        case .nTrain: .int(c.nTrain)
        case .nTest: .int(c.nTest)
        case .beta2: .double(c.beta2)
        case .eps: .double(c.eps)
        case .probeEvery: .int(c.probeEvery)
        case .earlyStop: .bool(c.earlyStop)
        case .trace: .bool(c.trace)
        case .trajectoryEvery: .int(c.trajectoryEvery)
        case .outputInitScale: .double(c.outputInitScale)
        }
    }

    /// Sets `key` to this value. Values come from `coerce`, so the kinds match; a mismatched
    /// value (impossible through the public API) is ignored rather than trapping.
    func apply(_ key: ConfigKey, to c: inout TrialConfig) {
        switch (key, self) {
        case (.model, .string(let s)): if let m = ModelKind(rawValue: s) { c.model = m }
        case (.dataset, .string(let s)): if let d = DatasetSpec(s) { c.dataset = d }
        case (.optimizer, .string(let s)): if let o = OptimizerKind(rawValue: s) { c.optimizer = o }
        case (.inputDim, .int(let i)): c.inputDim = i
        case (.inputDim, .null): c.inputDim = nil
        case (.dataSeed, .int(let i)): c.dataSeed = i
        case (.dataSeed, .null): c.dataSeed = nil
        case (.depth, .int(let i)): c.depth = i
        case (.width, .int(let i)): c.width = i
        case (.steps, .int(let i)): c.steps = i
        case (.batchSize, .int(let i)): c.batchSize = i
        case (.seed, .int(let i)): c.seed = i
        case (.nTrain, .int(let i)): c.nTrain = i
        case (.nTest, .int(let i)): c.nTest = i
        case (.probeEvery, .int(let i)): c.probeEvery = i
        case (.trajectoryEvery, .int(let i)): c.trajectoryEvery = i
        case (.targetStd, .double(let d)): c.targetStd = d
        case (.targetMean, .double(let d)): c.targetMean = d
        case (.momentum, .double(let d)): c.momentum = d
        case (.lr, .double(let d)): c.lr = d
        case (.beta2, .double(let d)): c.beta2 = d
        case (.eps, .double(let d)): c.eps = d
        case (.outputInitScale, .double(let d)): c.outputInitScale = d
        case (.earlyStop, .bool(let b)): c.earlyStop = b
        case (.trace, .bool(let b)): c.trace = b
        default: break
        }
    }

    /// What a key accepts, for messages.
    static func expectation(_ key: ConfigKey) -> String {
        switch key {
        case .model: "one of \(ModelKind.allCases.map(\.rawValue).joined(separator: ", "))"
        case .optimizer: "one of \(OptimizerKind.allCases.map(\.rawValue).joined(separator: ", "))"
        case .dataset: "one of \(DatasetSpec.allowedSpellings)"
        case .inputDim, .dataSeed: "an integer or null"
        case .depth, .width, .steps, .batchSize, .seed, .nTrain, .nTest, .probeEvery, .trajectoryEvery: "an integer"
        case .targetStd, .targetMean, .momentum, .lr, .beta2, .eps, .outputInitScale: "a finite number"
        case .earlyStop, .trace: "true or false"
        }
    }

    /// Checks a scalar against the type of `key`.
    static func coerce(_ v: ScalarValue, for key: ConfigKey) -> Result<ConfigValue, GridProblem> {
        var fail: Result<ConfigValue, GridProblem> { .failure(GridProblem("expected \(expectation(key)), got \(v.literal)")) }
        switch key {
        case .model:
            guard case .string(let s) = v, ModelKind(rawValue: s) != nil else { return fail }
            return .success(.string(s))
        case .optimizer:
            guard case .string(let s) = v, OptimizerKind(rawValue: s) != nil else { return fail }
            return .success(.string(s))
        case .dataset:
            guard case .string(let s) = v, let d = DatasetSpec(s) else { return fail }
            return .success(.string(d.description))
        case .inputDim, .dataSeed, .depth, .width, .steps, .batchSize, .seed, .nTrain, .nTest, .probeEvery, .trajectoryEvery:
            switch v {
            case .null where key == .inputDim || key == .dataSeed: return .success(.null)
            case .int(let i): return .success(.int(i))
            case .double(let d, _):
                // 1e3 or 1000.0 for an integer key is accepted when it is exactly an integer.
                guard d.isFinite, d == d.rounded(), abs(d) <= 9_007_199_254_740_992 else {
                    return .failure(GridProblem("expected \(expectation(key)), got \(v.literal) (not an integer in range)"))
                }
                return .success(.int(Int(d)))
            default: return fail
            }
        case .targetStd, .targetMean, .momentum, .lr, .beta2, .eps, .outputInitScale:
            switch v {
            case .int(let i): return .success(.double(Double(i)))
            case .double(let d, _):
                guard d.isFinite else { return .failure(GridProblem("expected a finite number, got \(v.literal)")) }
                return .success(.double(d == 0 ? 0 : d))  // -0 and 0 are one value
            default: return fail
            }
        case .earlyStop, .trace:
            guard case .bool(let b) = v else { return fail }
            return .success(.bool(b))
        }
    }
}

extension ConfigValue: Encodable {
    /// As its JSON type (number, string, boolean, null), e.g. for `relusweep plan --json`.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .int(let i): try c.encode(i)
        case .double(let d): try c.encode(d)
        case .bool(let b): try c.encode(b)
        case .string(let s): try c.encode(s)
        case .null: try c.encodeNil()
        }
    }
}
