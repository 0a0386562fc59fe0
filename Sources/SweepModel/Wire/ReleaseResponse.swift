/// `POST /v1/leases/release` response.
public struct ReleaseResponse: Codable, Hashable, Sendable {
    /// Leases that were active and are now released.
    public var released: Int

    public init(released: Int) { self.released = released }
}
