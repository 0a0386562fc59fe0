import Hummingbird

/// `GET /metrics`: Prometheus text. Trial and worker gauges are refreshed from the store at
/// each scrape, so they are current even when nothing else happens.
struct MetricsRoutes {
    let deps: RouteDependencies

    func register(on router: CoordinatorRouter) {
        router.get("/metrics") { _, _ in
            deps.metrics.refresh(try await deps.store.statusList())
            deps.metrics.connectionsOpen.record(deps.connections.current)
            return JSONResponse.text(deps.metrics.render(), contentType: "text/plain; version=0.0.4; charset=utf-8")
        }
    }
}
