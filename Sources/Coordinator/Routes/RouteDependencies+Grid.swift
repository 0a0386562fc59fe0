import Hummingbird
import SweepModel

extension RouteDependencies {
    /// The grid last submitted for a sweep, parsed (404 for an unknown sweep).
    func grid(sweepId: String) async throws -> GridSpec {
        let text = try await store.grid(sweepId: sweepId)
        do {
            return try GridSpec.parse(text, file: "sweep \(sweepId)", format: .json)
        } catch {
            throw APIError(status: .internalServerError, code: "internal", detail: "the stored grid of \(sweepId) cannot be read: \(error)")
        }
    }
}
