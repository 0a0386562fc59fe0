/// `POST /v1/results`: a batch of results (`{"results": [...]}`; a bare JSON array of items
/// is accepted too). One SQLite transaction per batch; acknowledged only after it commits.
public struct ResultBatch: Codable, Hashable, Sendable {
    public var results: [ResultItem]

    public static let maxItems = 1024

    public init(results: [ResultItem]) { self.results = results }

    private enum CodingKeys: String, CodingKey { case results }

    public init(from decoder: any Decoder) throws {
        if let items = try? decoder.singleValueContainer().decode([ResultItem].self) {
            results = items
        } else {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            results = try c.decode([ResultItem].self, forKey: .results)
        }
    }

    /// Why the batch as a whole is unacceptable (400), or nil. Per-item problems are not
    /// checked here: they are answered per item (`rejected`) by the store.
    public func validationProblem() -> String? {
        guard results.count <= Self.maxItems else { return "results: at most \(Self.maxItems) per batch, got \(results.count)" }
        return nil
    }
}
