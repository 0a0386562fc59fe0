import ReLUCore
import SweepModel

/// Where trial records come from: a results.jsonl or CSV export, or records in memory. A source
/// only reads, and reads as a stream: a million records never sit in memory at once.
public protocol ResultSource: Sendable {
    /// How errors, conflicts and summaries name this source (usually its path).
    var name: String { get }
    /// Calls `body` with every record in the source's order and where it was read.
    func forEachRecord(_ body: (TrialRecord, RecordLocation) throws -> Void) throws
    /// The record read at `location` again (to describe a conflict); nil when it is gone.
    func record(at location: RecordLocation) -> TrialRecord?
    /// How a record's place is written in messages (`path:line` by default).
    func describe(_ location: RecordLocation) -> String
}

/// Where in its source a record was read: the line (or row, or index) people see, and what
/// the source needs to read it again (a byte offset, an index).
public struct RecordLocation: Hashable, Sendable {
    /// 1-based line of a JSONL file, row of a CSV export, or index of an in-memory list.
    public var line: Int
    /// Byte offset of the line in its file (or the index in memory).
    public var offset: Int

    public init(line: Int, offset: Int) {
        self.line = line
        self.offset = offset
    }
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

extension ResultSource {
    /// How a record's place is written in messages: `path:line`.
    public func describe(_ location: RecordLocation) -> String { "\(name):\(location.line)" }

    /// Every record at once (for small sources: figures, tests).
    public func load() throws -> [SourcedRecord] {
        var out: [SourcedRecord] = []
        try forEachRecord { record, location in out.append(SourcedRecord(record: record, origin: describe(location))) }
        return out
    }
}
