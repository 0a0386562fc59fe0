import ReLUCore

/// What to compare: trials that differ only in `key` (one at `first`, one at `second`) and agree
/// in every other config key, the seed included, are a pair; each pair's yes/no `metric` is
/// counted. `facets` split the pairs into groups (one test per value, besides the pooled one);
/// `conditions` keep only trials that satisfy them, as `aggregate --where` does. `ignoring`
/// lists keys a pair may differ in besides `key` (lr, when a grid zips it with the optimizer).
public struct CompareQuery: Hashable, Sendable {
    public var key: ConfigKey
    public var first: ConfigValue
    public var second: ConfigValue
    public var metric: PairedMetric
    public var facets: [ConfigKey]
    public var conditions: [RecordCondition]
    public var ignoring: [ConfigKey]

    public init(key: ConfigKey, first: ConfigValue, second: ConfigValue, metric: PairedMetric,
                facets: [ConfigKey] = [], conditions: [RecordCondition] = [], ignoring: [ConfigKey] = []) throws(CompareError) {
        guard first != second else { throw .sameValues(key: key.rawValue, value: first) }
        if key.isReplicate { throw .replicateKey(key.rawValue) }
        if facets.contains(key) { throw .facetIsTheComparedKey(key.rawValue) }
        if let s = facets.first(where: \.isReplicate) { throw .replicateKey(s.rawValue) }
        if let s = ignoring.first(where: \.isReplicate) { throw .replicateKey(s.rawValue) }
        if let f = facets.first(where: { ignoring.contains($0) }) { throw .facetIsIgnored(f.rawValue) }
        self.key = key
        self.first = first
        self.second = second
        self.metric = metric
        self.facets = facets
        self.conditions = conditions
        self.ignoring = ignoring.filter { $0 != key }
    }

    /// Parses `KEY=A,B` (`momentum=0,0.9`): the key and its two values, each read as the key's
    /// kind reads values (numbers, names, flags).
    public static func parseBy(_ text: String) throws(CompareError) -> (ConfigKey, ConfigValue, ConfigValue) {
        guard let eq = text.firstIndex(of: "=") else { throw .badBy(text, "expected KEY=A,B, e.g. momentum=0,0.9") }
        let name = String(text[..<eq]).trimmingCharacters(in: .whitespaces)
        guard let key = ConfigKey(rawValue: name) else {
            throw .badBy(text, "unknown config key '\(name.prefix(60))'; keys: \(TrialConfig.keys.joined(separator: ", "))")
        }
        let parts = text[text.index(after: eq)...].split(separator: ",", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
            throw .badBy(text, "give exactly two values after '=', separated by a comma, e.g. \(name)=A,B")
        }
        var values: [ConfigValue] = []
        for p in parts {
            guard let v = key.kind.parse(p) else { throw .badBy(text, "'\(p)' is not a value of \(name) (expected \(key.kind.expectation))") }
            values.append(v)
        }
        return (key, values[0], values[1])
    }
}
