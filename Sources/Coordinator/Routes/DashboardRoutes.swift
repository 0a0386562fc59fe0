import Hummingbird

/// `GET /` (the live dashboard page) and its static files (`/dashboard.css`, `/dashboard.js`,
/// `/favicon.svg`), served from memory without the token; see `DashboardAssets`.
struct DashboardRoutes {
    func register(on router: CoordinatorRouter) {
        for asset in DashboardAssets.all {
            router.get(RouterPath(asset.path)) { request, _ in asset.response(to: request) }
        }
    }
}
