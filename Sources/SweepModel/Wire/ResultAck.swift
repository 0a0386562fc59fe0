/// `POST /v1/results` response: one entry per item, in order. Every status is final for its
/// item: a worker removes it from its outbox whatever the status (only transport errors and
/// 5xx are retried).
public struct ResultAck: Codable, Hashable, Sendable {
    public var results: [ResultAckItem]

    public init(results: [ResultAckItem]) { self.results = results }
}
