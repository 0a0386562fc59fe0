import SweepModel
import ReLUCore

/// A page of a sweep's finished trials (done, or failed for good), in trial order. Pass `next`
/// back as `after` for the following page; nil = the last page. Write each record with
/// `jsonLine()` (results.jsonl) or `TrialRecordCSV.row` (CSV).
public struct ExportPage: Sendable {
    public var records: [TrialRecord]
    public var next: Int64?
}

/// `ExportPage` before decoding: each finished trial's stored JSON.
public struct StoredPage: Sendable {
    public var records: [StoredRecord]
    public var next: Int64?
}
