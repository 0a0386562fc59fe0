import SweepModel
import ReLUCore

/// The records of several sources with each trial once, plus what merging found.
public struct MergedRecords: Sendable {
    /// One entry per distinct trial id, in first-seen order.
    public var entries: [MergedRecord]
    /// Records read from all sources.
    public var recordsRead: Int
    /// Records that repeated a trial already seen with the same config and metrics.
    public var duplicates: Int
    /// A failed record for a trial that also has metrics elsewhere (the metrics win).
    public var failuresSuperseded: Int
    public var conflicts: [TrialConflict]

    public init(entries: [MergedRecord] = [], recordsRead: Int = 0, duplicates: Int = 0,
                failuresSuperseded: Int = 0, conflicts: [TrialConflict] = []) {
        self.entries = entries
        self.recordsRead = recordsRead
        self.duplicates = duplicates
        self.failuresSuperseded = failuresSuperseded
        self.conflicts = conflicts
    }
}

/// One trial after merging.
public struct MergedRecord: Hashable, Sendable {
    /// The record's trialId, or the id function's for records without one.
    public var id: String
    public var record: TrialRecord
    public var origin: String
    /// Another source disagreed about this trial (see `MergedRecords.conflicts`).
    public var conflicted: Bool

    public init(id: String, record: TrialRecord, origin: String, conflicted: Bool = false) {
        self.id = id
        self.record = record
        self.origin = origin
        self.conflicted = conflicted
    }
}
