import SweepModel
import Hummingbird
import SweepStore

/// `GET /v1/failures?limit=&sweep=`: the most recent failure reports with their error text,
/// newest first (the dashboard's "recent failures").
struct FailureRoutes {
    let deps: RouteDependencies
    static let maxLimit = 1000

    func register(on router: CoordinatorRouter) {
        router.get("/v1/failures") { request, _ in
            let q = request.uri.queryParameters
            let limit = try WorkerRoutes.integer(q.get("limit"), name: "limit", default: 50, range: 1...Self.maxLimit)
            let sweep = q.get("sweep")
            return try JSONResponse.make(FailureList(failures: try await deps.store.failures(limit: limit, sweepId: sweep)))
        }
    }
}
