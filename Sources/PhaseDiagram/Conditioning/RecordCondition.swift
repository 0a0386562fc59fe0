import ReLUCore
import SweepModel

/// A condition on one trial, `KEY OP VALUE` (`initSlope>0`, `collapsedInit=false`,
/// `model=resmlp`): what `--where` keeps. KEY is a metric recorded at initialization
/// (`RecordCondition.initMetricKeys`) or a config key; OP is one of `>=`, `<=`, `!=`, `=`, `>`,
/// `<`. Conditioning on an init metric turns a table of P(collapsed) into P(collapsed | alive at
/// init) or P(dead | w0 > 0). A trial the condition cannot be read on (a failed trial has no
/// metrics; only single-unit models record `initSlope`) is not kept, and is counted as such.
public struct RecordCondition: Hashable, Sendable, Codable, CustomStringConvertible {
    public enum Comparison: String, Hashable, Sendable, Codable, CaseIterable {
        case greaterOrEqual = ">=", lessOrEqual = "<=", notEqual = "!=", equal = "=", greater = ">", less = "<"

        /// For file names: ge, le, ne, eq, gt, lt.
        public var word: String {
            switch self {
            case .greaterOrEqual: "ge"
            case .lessOrEqual: "le"
            case .notEqual: "ne"
            case .equal: "eq"
            case .greater: "gt"
            case .less: "lt"
            }
        }
    }

    /// Metrics a trial records at initialization, before any step: conditioning on them
    /// selects trials by where they started, never by how they ended.
    public static let initMetricKeys = ["initSlope", "collapsedInit", "deadFractionInit", "normalizedTrainMSEInit"]

    public let key: String
    public let comparison: Comparison
    public let value: ConfigValue

    /// Parses `KEY OP VALUE` (spaces around OP allowed).
    public init(parsing text: String) throws(ConditionError) {
        let t = text.trimmingCharacters(in: .whitespaces)
        // Two-character operators first, so `>=` is not read as `>` followed by `=0`.
        var found: (Comparison, Range<String.Index>)?
        for op in Comparison.allCases {
            if let r = t.range(of: op.rawValue) {
                if found == nil || r.lowerBound < found!.1.lowerBound { found = (op, r) }
            }
        }
        if let f = found, f.0 == .equal, t[f.1.upperBound...].hasPrefix("=") {
            found = (.equal, f.1.lowerBound..<t.index(after: f.1.upperBound))  // `==` reads as `=`
        }
        guard let (op, range) = found else {
            throw ConditionError(text, "expected KEY OP VALUE with OP one of >=, <=, !=, =, >, < (e.g. initSlope>0)")
        }
        let key = String(t[..<range.lowerBound]).trimmingCharacters(in: .whitespaces)
        let valueText = String(t[range.upperBound...]).trimmingCharacters(in: .whitespaces)
        guard !key.isEmpty, !valueText.isEmpty else {
            throw ConditionError(text, "expected KEY OP VALUE, e.g. initSlope>0 or collapsedInit=false")
        }
        let value: ConfigValue
        if let configKey = ConfigKey(rawValue: key) {
            guard let v = configKey.kind.parse(valueText) else {
                throw ConditionError(text, "'\(valueText)' is not a value of \(key) (expected \(configKey.kind.expectation))")
            }
            value = v
        } else if Self.initMetricKeys.contains(key) {
            if key == "collapsedInit" {
                guard let b = Bool(valueText) else { throw ConditionError(text, "collapsedInit is true or false, got '\(valueText)'") }
                value = .bool(b)
            } else {
                guard let d = Double(valueText), d.isFinite else { throw ConditionError(text, "\(key) needs a number, got '\(valueText)'") }
                value = .double(d)
            }
        } else {
            throw ConditionError(text, "unknown key '\(key.prefix(60))'; use an init metric (\(Self.initMetricKeys.joined(separator: ", "))) or a config key (\(TrialConfig.keys.joined(separator: ", ")))")
        }
        if case .bool = value, ![.equal, .notEqual].contains(op) {
            throw ConditionError(text, "\(key) is true or false: use = or !=")
        }
        if case .string = value, ![.equal, .notEqual].contains(op) {
            throw ConditionError(text, "\(key) is a name: use = or !=")
        }
        self.key = key
        self.comparison = op
        self.value = value
    }

    public var description: String { "\(key)\(comparison.rawValue)\(AxisText.label(value))" }

    /// For output file names: `initSlope-gt-0`.
    public var fileNamePart: String {
        let v = AxisText.label(value).map { $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" ? $0 : "_" }
        return "\(key)-\(comparison.word)-\(String(v))"
    }

    /// Whether the record satisfies the condition; nil when it cannot be read on this record
    /// (no metrics, or a metric the trial does not record).
    public func evaluate(_ record: TrialRecord) -> Bool? {
        let actual: ConfigValue
        if let configKey = ConfigKey(rawValue: key) {
            actual = record.config[configKey]
        } else {
            guard let m = record.metrics else { return nil }
            switch key {
            case "initSlope":
                guard let s = m.initSlope else { return nil }
                actual = .double(s)
            case "collapsedInit": actual = .bool(m.collapsedInit)
            case "deadFractionInit": actual = .double(m.deadFractionInit)
            case "normalizedTrainMSEInit":
                actual = .double(m.normalizedTrainMSEInit ?? .infinity)
            default: return nil
            }
        }
        if let a = actual.number, let b = value.number {
            switch comparison {
            case .greaterOrEqual: return a >= b
            case .lessOrEqual: return a <= b
            case .notEqual: return a != b
            case .equal: return a == b
            case .greater: return a > b
            case .less: return a < b
            }
        }
        switch comparison {
        case .equal: return actual == value
        case .notEqual: return actual != value
        default: return nil  // an order on a name or a flag was rejected when parsing
        }
    }

    /// Whether every condition holds (nil when one cannot be read on the record).
    public static func evaluate(_ conditions: [RecordCondition], _ record: TrialRecord) -> Bool? {
        var result = true
        for c in conditions {
            guard let v = c.evaluate(record) else { return nil }
            if !v { result = false }
        }
        return result
    }
}

/// A `--where` condition that cannot be parsed, with what is expected.
public struct ConditionError: Error, Hashable, Sendable, CustomStringConvertible {
    public let text: String
    public let reason: String

    public init(_ text: String, _ reason: String) {
        self.text = String(text.prefix(80))
        self.reason = reason
    }

    public var description: String { "'\(text)': \(reason)" }
}
