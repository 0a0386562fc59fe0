import SweepClient
import Foundation
import SweepModel

/// One line of the worker log (JSONL, next to the outbox): what this worker put in its outbox,
/// posted, and had acknowledged. The chaos soak compares it with the coordinator's database:
/// every `acked` line with status `stored` or `duplicate` must have its trial's result there.
///
/// Events: `start`, `outboxed` (a result written to the outbox: trialId, leaseId, epoch, kind
/// metrics|error), `resend` (results found in the outbox at start: count), `posted` (a batch
/// sent: attempt, trialIds), `acked` (the coordinator's answer to one result: status stored|
/// duplicate|rejected, detail), `postFailed` (a batch not answered: error; it stays in the
/// outbox), `released` (leases given back at shutdown, or while the outbox cannot be written:
/// leaseIds), `outboxFull` (the outbox could not be written: detail; leasing stopped),
/// `outboxWritable` (it can again; leasing resumed), `stop` (pending = results left in the
/// outbox).
public struct WorkerLogEntry: Codable, Hashable, Sendable {
    public var at: Timestamp
    public var event: String
    public var worker: String
    public var trialId: String?
    public var leaseId: String?
    public var epoch: Int?
    public var kind: String?
    public var status: String?
    public var detail: String?
    public var attempt: Int?
    public var trialIds: [String]?
    public var leaseIds: [String]?
    public var count: Int?

    public init(at: Timestamp = Timestamp(Date()), event: String, worker: String, trialId: String? = nil, leaseId: String? = nil,
                epoch: Int? = nil, kind: String? = nil, status: String? = nil, detail: String? = nil, attempt: Int? = nil,
                trialIds: [String]? = nil, leaseIds: [String]? = nil, count: Int? = nil) {
        self.at = at
        self.event = event
        self.worker = worker
        self.trialId = trialId
        self.leaseId = leaseId
        self.epoch = epoch
        self.kind = kind
        self.status = status
        self.detail = detail
        self.attempt = attempt
        self.trialIds = trialIds
        self.leaseIds = leaseIds
        self.count = count
    }
}
