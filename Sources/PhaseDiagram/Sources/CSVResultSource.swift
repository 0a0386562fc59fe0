import SweepModel
import ReLUCore

/// A CSV export in `TrialRecordCSV` form (header row with a trialId column). CSV carries no
/// `trace`, so the `step` axis needs JSONL.
public struct CSVResultSource: ResultSource {
    public let path: String
    public var name: String { path }

    public init(path: String) {
        self.path = path
    }

    public func load() throws(ResultSourceError) -> [SourcedRecord] {
        let text = try readText(path)
        let records: [TrialRecord]
        do {
            records = try TrialRecordCSV.parse(text)
        } catch {
            throw ResultSourceError(source: path, line: error.line,
                "\(error.message) (expected the CSV export of trial records: \(TrialRecordCSV.header.prefix(4).joined(separator: ",")),...)")
        }
        // Row numbers, not line numbers: a quoted field may span lines.
        return records.enumerated().map { SourcedRecord(record: $1, origin: "\(path) row \($0 + 1)") }
    }
}
