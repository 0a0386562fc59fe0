/// Who produced a result, where and with what.
public struct Provenance: Codable, Hashable, Sendable {
    public var worker: String
    public var host: String
    /// Matrix kernel variant used (avx512, avx2, portable).
    public var kernels: String?
    /// relusweep version of the worker.
    public var version: String?
    /// Wall time of the trial on the worker, seconds.
    public var wallSeconds: Double?

    public init(worker: String, host: String, kernels: String? = nil, version: String? = nil, wallSeconds: Double? = nil) {
        self.worker = worker
        self.host = host
        self.kernels = kernels
        self.version = version
        self.wallSeconds = wallSeconds
    }

    public func validationProblem() -> String? {
        if let p = WorkerName.problem(worker, field: "provenance.worker") { return p }
        if let p = WorkerName.problem(host, field: "provenance.host") { return p }
        if let k = kernels, k.utf8.count > 64 { return "provenance.kernels: at most 64 bytes" }
        if let v = version, v.utf8.count > 64 { return "provenance.version: at most 64 bytes" }
        if let w = wallSeconds, !(w.isFinite && w >= 0) { return "provenance.wallSeconds: expected a finite number >= 0" }
        return nil
    }
}
