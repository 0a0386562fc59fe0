import Hummingbird
import Logging
import SweepStore

/// What every route needs: the store, the configuration, the metrics, the body reader,
/// the open-connection count and the adaptive driver.
struct RouteDependencies: Sendable {
    let store: SweepStore
    let configuration: CoordinatorConfiguration
    let metrics: CoordinatorMetrics
    let bodies: RequestBodyReader
    let connections: ConnectionCounter
    /// Adaptive sweeps' planner: their round and trials in status answers.
    let adaptive: AdaptiveDriver

    /// The sweep id of `/v1/sweeps/{id}/...`.
    func sweepId(_ context: BasicRequestContext) throws(APIError) -> String {
        guard let id = context.parameters.get("id") else { throw APIError.notFound("no sweep id in the path") }
        return id
    }
}
