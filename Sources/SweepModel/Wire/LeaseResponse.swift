/// `POST /v1/leases` response.
public struct LeaseResponse: Codable, Hashable, Sendable {
    /// Granted trials, oldest pending first; may be fewer than the slots asked for, or none.
    public var leases: [LeaseGrant]
    /// When `leases` is empty and not `finished`: seconds to wait before asking again.
    public var retryAfterSeconds: Double
    /// Nothing is pending or leased in any running or paused sweep: nothing will come unless
    /// a sweep is submitted or resumed, so a worker run with `--exit-when-idle` may exit.
    public var finished: Bool

    public init(leases: [LeaseGrant], retryAfterSeconds: Double, finished: Bool) {
        self.leases = leases
        self.retryAfterSeconds = retryAfterSeconds
        self.finished = finished
    }
}
