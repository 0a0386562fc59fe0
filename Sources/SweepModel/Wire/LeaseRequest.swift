/// `POST /v1/leases`: a worker asks for up to `slots` trials.
///
/// `slots` is the number of trials asked for in this request (a worker's lookahead may ask for
/// many more than it trains at once). `trainingSlots` and `prefetch` describe the worker
/// itself, for status displays: the trials it trains at once (`relusweep worker --slots`) and
/// the leases it holds beyond them, ready to start. Both are optional: a worker that does not
/// send them is shown with `slots` as its slots, as before.
public struct LeaseRequest: Codable, Hashable, Sendable {
    public var worker: String
    public var slots: Int
    public var host: String?
    public var trainingSlots: Int?
    public var prefetch: Int?

    public static let maxSlots = 1024
    /// The largest prefetch a worker reports (an automatic prefetch grows to 32 per slot).
    public static let maxPrefetch = 32 * maxSlots

    public init(worker: String, slots: Int, host: String? = nil, trainingSlots: Int? = nil, prefetch: Int? = nil) {
        self.worker = worker
        self.slots = slots
        self.host = host
        self.trainingSlots = trainingSlots
        self.prefetch = prefetch
    }

    /// Why the request is unacceptable (400), or nil.
    public func validationProblem() -> String? {
        if let p = WorkerName.problem(worker) { return p }
        if let host, let p = WorkerName.problem(host, field: "host") { return p }
        guard (1...Self.maxSlots).contains(slots) else { return "slots: expected 1...\(Self.maxSlots), got \(slots)" }
        if let t = trainingSlots, !(1...Self.maxSlots).contains(t) {
            return "trainingSlots: expected 1...\(Self.maxSlots), got \(t)"
        }
        if let p = prefetch, !(0...Self.maxPrefetch).contains(p) {
            return "prefetch: expected 0...\(Self.maxPrefetch), got \(p)"
        }
        return nil
    }
}
