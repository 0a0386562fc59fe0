/// One entry of the append-only event log: submit, lease, expire, release, stop, result,
/// duplicate, fail, failed, pause, resume, cancel, finish, open.
public struct StoreEvent: Codable, Hashable, Sendable {
    public var seq: Int64
    public var at: Double
    public var kind: String
    public var sweep: String?
    public var trial: String?
    public var worker: String?
    public var detail: String?
}
