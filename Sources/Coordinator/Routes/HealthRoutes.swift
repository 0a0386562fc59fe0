import Hummingbird
import SweepModel

/// `GET /healthz` (always open) and `GET /v1/info` (limits and protocol version).
struct HealthRoutes {
    let deps: RouteDependencies

    func register(on router: CoordinatorRouter) {
        router.get("/healthz") { _, _ in try JSONResponse.make(Health()) }
        router.get("/v1/info") { _, _ in
            let c = deps.configuration
            return try JSONResponse.make(CoordinatorInfo(leaseSeconds: c.leaseSeconds, maxBodyBytes: c.maxBodyBytes,
                                                         readsNeedToken: c.readsNeedToken))
        }
    }
}
