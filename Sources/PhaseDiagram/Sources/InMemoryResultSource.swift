import SweepModel
import ReLUCore

/// Records already in memory (the coordinator's live results, tests).
public struct InMemoryResultSource: ResultSource {
    public let name: String
    public let records: [TrialRecord]

    public init(name: String, records: [TrialRecord]) {
        self.name = name
        self.records = records
    }

    public func load() throws(ResultSourceError) -> [SourcedRecord] {
        records.enumerated().map { SourcedRecord(record: $1, origin: "\(name) #\($0 + 1)") }
    }
}
