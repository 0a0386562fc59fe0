/// `POST /v1/leases`: a worker asks for up to `slots` trials.
public struct LeaseRequest: Codable, Hashable, Sendable {
    public var worker: String
    public var slots: Int
    public var host: String?

    public static let maxSlots = 1024

    public init(worker: String, slots: Int, host: String? = nil) {
        self.worker = worker
        self.slots = slots
        self.host = host
    }

    /// Why the request is unacceptable (400), or nil.
    public func validationProblem() -> String? {
        if let p = WorkerName.problem(worker) { return p }
        if let host, let p = WorkerName.problem(host, field: "host") { return p }
        guard (1...Self.maxSlots).contains(slots) else { return "slots: expected 1...\(Self.maxSlots), got \(slots)" }
        return nil
    }
}
