/// Every error response: `{"error": "not_found", "detail": "no sweep 'p2'"}`.
public struct ErrorBody: Codable, Hashable, Sendable, Error {
    /// A short machine-readable code (snake_case), e.g. bad_request, unauthorized, not_found,
    /// payload_too_large, invalid_grid, conflict, internal.
    public var error: String
    /// What went wrong and what is allowed, for people.
    public var detail: String

    public init(error: String, detail: String) {
        self.error = error
        self.detail = detail
    }
}
