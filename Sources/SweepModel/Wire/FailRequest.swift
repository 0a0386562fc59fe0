/// `POST /v1/trials/{trialId}/fail`: an operator marks a trial failed, saying why.
public struct FailRequest: Codable, Hashable, Sendable {
    public var error: String

    public init(error: String) { self.error = error }
}
