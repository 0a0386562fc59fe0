/// `GET /healthz`: `{"status": "ok"}` while the coordinator serves.
public struct Health: Codable, Hashable, Sendable {
    public var status: String

    public init(status: String = "ok") { self.status = status }
}
