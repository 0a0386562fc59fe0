import Hummingbird

/// Bearer-token check: every mutating request (anything but GET/HEAD) needs the token when
/// the coordinator has one; GET requests need it too when `readsNeedToken` (listening beyond
/// loopback). `/healthz` and the dashboard's static files (`DashboardAssets`: the page shell,
/// no data; the data it fetches follows these rules) are always open. Failures are 401 and
/// reach no route.
struct AuthMiddleware<Context: RequestContext>: RouterMiddleware {
    let token: BearerToken?
    let readsNeedToken: Bool

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let token else { return try await next(request, context) }
        let isRead = request.method == .get || request.method == .head
        if request.uri.path == "/healthz" || (isRead && (!readsNeedToken || DashboardAssets.isAssetPath(request.uri.path))) {
            return try await next(request, context)
        }
        guard let header = request.headers[.authorization], Self.presented(header).map(token.matches) == true else {
            throw APIError.unauthorized
        }
        return try await next(request, context)
    }

    /// The token of an `Authorization: Bearer <token>` header (scheme case-insensitive).
    static func presented(_ header: String) -> Substring? {
        let trimmed = header.drop { $0 == " " }
        guard trimmed.count > 7, trimmed.prefix(7).lowercased() == "bearer " else { return nil }
        return trimmed.dropFirst(7).drop { $0 == " " }
    }
}
