import Foundation
import ReLUCore
import SweepModel
import Testing

/// Every list of config keys derives from `ConfigKey`: for each key (a new one included,
/// without editing this test) a non-default value survives JSON, canonical JSON, the CSV
/// columns and a grid file's `base`.
@Suite struct ConfigKeyCoverageTests {
    /// A value of `key`'s kind that differs from the default config's.
    static func probe(_ key: ConfigKey) -> ConfigValue {
        let current = TrialConfig()[key]
        switch key.kind {
        case .integer:
            guard case .int(let i) = current else { return .int(3) }
            return .int(i + 3)
        case .optionalInteger: return .int(7)
        case .number:
            guard case .double(let d) = current else { return .double(0.375) }
            return .double(d == 0 ? 0.375 : d * 0.75)
        case .flag:
            guard case .bool(let b) = current else { return .bool(true) }
            return .bool(!b)
        case .name(let names): return .string(names.first { .string($0) != current } ?? names[0])
        case .dataset: return current == .string("sine1d") ? .string("relu1d") : .string("sine1d")
        }
    }

    static func config(with key: ConfigKey) -> TrialConfig {
        var c = TrialConfig()
        c[key] = probe(key)
        return c
    }

    @Test(arguments: ConfigKey.allCases)
    func everyKeyHasAKindAndTheSubscriptWritesIt(_ key: ConfigKey) {
        let value = Self.probe(key)
        #expect(key.kind.admits(value))
        #expect(value != TrialConfig()[key], "no non-default probe for \(key)")
        #expect(Self.config(with: key)[key] == value, "TrialConfig[\(key)] does not write or read the key")
    }

    @Test(arguments: ConfigKey.allCases)
    func everyKeySurvivesJSONAndCanonicalJSON(_ key: ConfigKey) throws {
        let c = Self.config(with: key)
        let json = try JSONEncoder().encode(c)
        #expect(String(decoding: json, as: UTF8.self).contains("\"\(key.rawValue)\""))
        #expect(try JSONDecoder().decode(TrialConfig.self, from: json) == c)
        let canonical = CanonicalJSON.config(c)
        #expect(canonical.contains("\"\(key.rawValue)\":"))
        #expect(CanonicalJSON.decodeConfig(canonical) == c)
        #expect(TrialID.of(c) != TrialID.of(TrialConfig()))
    }

    @Test(arguments: ConfigKey.allCases)
    func everyKeyIsACSVColumn(_ key: ConfigKey) throws {
        #expect(TrialRecordCSV.header.contains(key.rawValue))
        let record = TrialRecord(trialId: "x", config: Self.config(with: key), metrics: nil, error: "e")
        let text = TrialRecordCSV.headerLine + "\n" + TrialRecordCSV.row(record) + "\n"
        #expect(try TrialRecordCSV.parse(text).first?.config == record.config)
    }

    @Test(arguments: ConfigKey.allCases)
    func everyKeyCanBeSetInAGridFile(_ key: ConfigKey) throws {
        let value = Self.probe(key)
        let grid = try GridSpec.parse(#"{"name": "keys", "base": {"\#(key.rawValue)": \#(value.json)}}"#, file: "keys.json")
        #expect(grid.base[key] == value)
        #expect(grid.config(at: 0)[key] == value)
    }
}
