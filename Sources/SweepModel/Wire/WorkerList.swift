
/// `GET /v1/workers`.
public struct WorkerList: Codable, Hashable, Sendable {
    public var workers: [WorkerStatus]

    public init(workers: [WorkerStatus]) { self.workers = workers }
}
