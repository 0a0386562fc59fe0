import SweepModel
import ReLUCore

/// Where trial records come from: a results.jsonl or CSV export today, the coordinator's SQLite
/// database (SweepStore) or a live sweep later. A source only reads; it never writes results.
public protocol ResultSource: Sendable {
    /// How errors, conflicts and summaries name this source (usually its path).
    var name: String { get }
    /// Every record, in the source's order, each with where it came from.
    func load() throws(ResultSourceError) -> [SourcedRecord]
}

/// A trial record and where it was read ("runs/a/results.jsonl:12").
public struct SourcedRecord: Hashable, Sendable {
    public var record: TrialRecord
    public var origin: String

    public init(record: TrialRecord, origin: String) {
        self.record = record
        self.origin = origin
    }
}
