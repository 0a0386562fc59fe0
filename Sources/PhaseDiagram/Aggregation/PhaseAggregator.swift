import ReLUCore
import SweepModel

/// Groups trials into the cells of a phase diagram and computes each cell's statistics. The
/// CLI (`relusweep aggregate`), `relusweep run`, the figures and tests read records through
/// it; records stream (`accumulation()` and `PhaseAccumulation.add`), so memory is O(cells +
/// trial ids), not O(records).
public struct PhaseAggregator: Sendable {
    public let query: PhaseQuery

    public init(query: PhaseQuery) throws(PhaseError) {
        try query.validate()
        self.query = query
    }

    /// An empty accumulation for this query: add sources or records, then ask for the table.
    public func accumulation() -> PhaseAccumulation {
        PhaseAccumulation(query: query)
    }

    /// Aggregates records that may repeat trials (merged by id first).
    public func aggregate(_ records: [TrialRecord], expected: ExpectedTrials? = nil) throws(PhaseError) -> PhaseTable {
        var acc = accumulation()
        acc.add(records)
        return try acc.table(expected: expected)
    }

    /// Reads every source in order and aggregates; a source that cannot be read throws its error.
    public func aggregate(_ sources: [any ResultSource], expected: ExpectedTrials? = nil) throws -> PhaseTable {
        var acc = accumulation()
        for source in sources { try acc.add(source) }
        return try acc.table(expected: expected)
    }

    /// Config keys with more than one value among the sources' trials, with their number of
    /// distinct values (in key order): what an axis or facet could be. Errors about an unknown
    /// key list these.
    public static func varyingKeys(_ sources: [any ResultSource]) throws -> [(key: String, values: Int)] {
        var seen = Array(repeating: Set<ConfigValue>(), count: ConfigKey.allCases.count)
        for source in sources {
            try source.forEachRecord { record, _ in
                for (i, key) in ConfigKey.allCases.enumerated() where seen[i].count < 1000 {
                    seen[i].insert(ConfigAxisValues.value(key, of: record.config))
                }
            }
        }
        return ConfigKey.allCases.enumerated().compactMap { i, key in seen[i].count > 1 ? (key.rawValue, seen[i].count) : nil }
    }
}
