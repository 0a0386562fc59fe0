
/// `GET /v1/failures`: the most recent failure reports, newest first.
public struct FailureList: Codable, Hashable, Sendable {
    public var failures: [TrialFailure]

    public init(failures: [TrialFailure]) {
        self.failures = failures
    }
}
