/// `GET /v1/sweeps`: every sweep, oldest first, and the live workers.
public struct StatusList: Codable, Hashable, Sendable {
    public var sweeps: [SweepStatus]
    public var workers: [WorkerStatus]

    public init(sweeps: [SweepStatus], workers: [WorkerStatus]) {
        self.sweeps = sweeps
        self.workers = workers
    }
}
