import ReLUCore

/// The outcome of one leased trial: `metrics` when it trained, `error` when it failed (the
/// retry budget is spent). Exactly one of the two. `errorKind` (with `error` only) says a
/// failure is not worth retrying (`TrialErrorKind.configuration`).
public struct ResultItem: Codable, Hashable, Sendable {
    public var leaseId: String
    public var epoch: Int
    public var trialId: String
    public var metrics: TrialMetrics?
    public var error: String?
    public var errorKind: TrialErrorKind?
    public var provenance: Provenance

    public static let maxErrorBytes = 8192

    public init(leaseId: String, epoch: Int, trialId: String, metrics: TrialMetrics?, error: String? = nil,
                errorKind: TrialErrorKind? = nil, provenance: Provenance) {
        self.leaseId = leaseId
        self.epoch = epoch
        self.trialId = trialId
        self.metrics = metrics
        self.error = error
        self.errorKind = errorKind
        self.provenance = provenance
    }

    /// Problems with the item's form (ids, sizes, exactly one of metrics/error, provenance),
    /// not with the metrics' values (see `TrialMetrics.validationProblems(config:)`).
    public func formProblem() -> String? {
        guard TrialID.isWellFormed(trialId) else { return "trialId: expected 32 lowercase hex digits" }
        guard LeaseID.isWellFormed(leaseId) else { return "leaseId: expected 32 lowercase hex digits" }
        guard epoch >= 1 else { return "epoch: expected an integer >= 1, got \(epoch)" }
        switch (metrics, error) {
        case (nil, nil): return "expected metrics or error, got neither"
        case (.some, .some): return "expected metrics or error, got both"
        case (nil, let e?):
            guard !e.isEmpty, e.utf8.count <= Self.maxErrorBytes else {
                return "error: expected 1...\(Self.maxErrorBytes) bytes of text, got \(e.utf8.count)"
            }
        default: break
        }
        if let kind = errorKind {
            guard error != nil else { return "errorKind: goes with an error, not with metrics" }
            guard TrialErrorKind.known.contains(kind) else {
                return "errorKind: expected one of \(TrialErrorKind.known.map(\.rawValue).joined(separator: ", ")), got '\(kind.rawValue.prefix(40))'"
            }
        }
        return provenance.validationProblem()
    }
}
