import ReLUCore
import SweepModel

/// Records already in memory (figures, tests).
public struct InMemoryResultSource: ResultSource {
    public let name: String
    public let records: [TrialRecord]

    public init(name: String, records: [TrialRecord]) {
        self.name = name
        self.records = records
    }

    public func forEachRecord(_ body: (TrialRecord, RecordLocation) throws -> Void) rethrows {
        for (i, r) in records.enumerated() { try body(r, RecordLocation(line: i + 1, offset: i)) }
    }

    public func record(at location: RecordLocation) -> TrialRecord? {
        records.indices.contains(location.offset) ? records[location.offset] : nil
    }

    public func describe(_ location: RecordLocation) -> String { "\(name) #\(location.line)" }
}
