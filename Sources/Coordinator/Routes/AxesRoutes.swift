import SweepModel
import Hummingbird
import PhaseDiagram

/// `GET /v1/sweeps/{id}/axes`: the keys the sweep's phase diagram can be drawn over and the
/// default x, y and facets (the dashboard's axis menus).
struct AxesRoutes {
    let deps: RouteDependencies

    func register(on router: CoordinatorRouter) {
        router.get("/v1/sweeps/{id}/axes") { _, context in
            let sweepId = try deps.sweepId(context)
            let grid = try await deps.grid(sweepId: sweepId)
            return try JSONResponse.make(SweepAxes(sweepId: sweepId, grid: grid, metrics: PhaseMetric.allCases.map(\.rawValue)))
        }
    }
}
