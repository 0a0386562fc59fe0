import ReLUCore
import SweepModel

/// A comparison that cannot be made, with what to change.
public enum CompareError: Error, Hashable, Sendable, CustomStringConvertible {
    /// `--by` that does not read as KEY=A,B.
    case badBy(String, String)
    /// The two values are the same.
    case sameValues(key: String, value: ConfigValue)
    /// seed or dataSeed: pairs share their seed, so it cannot be the compared key or a facet.
    case replicateKey(String)
    /// A facet that is the compared key.
    case facetIsTheComparedKey(String)
    /// A facet that is also ignored.
    case facetIsIgnored(String)
    /// A value of the compared key that no trial in the sources has.
    case valueNotPresent(key: String, value: ConfigValue, present: [ConfigValue])
    /// No two trials form a pair.
    case noPairs(key: String, first: ConfigValue, second: ConfigValue, firstTrials: Int, secondTrials: Int, differing: [String])
    /// A `--metric` that is not a yes/no outcome.
    case notYesNo(String)

    public var description: String {
        switch self {
        case .badBy(let text, let reason):
            "--by '\(text.prefix(80))': \(reason)"
        case .sameValues(let key, let value):
            "--by \(key): both values are \(AxisText.label(value)); give two different values"
        case .replicateKey(let key):
            "\(key) cannot be compared or faceted: pairs are trials with the same \(key)"
        case .facetIsTheComparedKey(let key):
            "--facet \(key) is the compared key of --by"
        case .facetIsIgnored(let key):
            "--facet \(key) is also --ignore'd: a pair may then mix its values"
        case .valueNotPresent(let key, let value, let present):
            "--by \(key)=\(AxisText.label(value)): no trial has \(key) = \(AxisText.label(value)); values in these sources: "
                + (present.isEmpty ? "none" : present.sorted().map(AxisText.label).joined(separator: ", "))
        case .noPairs(let key, let first, let second, let a, let b, let differing):
            "no pairs: \(a) trials with \(key) = \(AxisText.label(first)) and \(b) with \(key) = \(AxisText.label(second)), "
                + "but none of them agree in every other config key and the seed"
                + (differing.isEmpty ? "" : " (keys whose values differ between the two sides: \(differing.joined(separator: ", ")))")
        case .notYesNo(let name):
            "--metric \(name.prefix(60)) is not a yes/no outcome; compare pairs \(PairedMetric.allCases.map(\.rawValue).joined(separator: ", "))"
        }
    }
}
