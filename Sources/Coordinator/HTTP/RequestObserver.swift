import Hummingbird
import Logging

/// The outermost middleware: turns every error into a JSON `ErrorBody` answer (so bad input is
/// always a 4xx with a message, never a bare 500), counts the request by route pattern and
/// status, and logs it at debug with its id, route, status and latency. It never logs headers
/// (the token travels in one) or bodies.
struct RequestObserver<Context: RequestContext>: RouterMiddleware {
    let metrics: CoordinatorMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        metrics.requestStarted()
        defer { metrics.requestEnded() }
        let response: Response
        do {
            response = try await next(request, context)
        } catch {
            let api = APIError.from(error)
            if api.status.code >= 500 {
                context.logger.error("request failed", metadata: ["route": "\(Self.route(context))", "error": "\(api.detail)"])
            }
            response = api.response()
        }
        let route = Self.route(context)
        let method = request.method.rawValue
        let status = response.status.code
        // Timed to the response head: a streamed export's body is written after this.
        let elapsed = ContinuousClock.now - start
        let ns = elapsed.components.seconds * 1_000_000_000 + elapsed.components.attoseconds / 1_000_000_000
        metrics.request(route: route, method: method, status: status, nanoseconds: ns)
        context.logger.debug("request", metadata: [
            "method": "\(method)", "route": "\(route)", "status": "\(status)", "ms": "\(Double(ns) / 1e6)",
        ])
        return response
    }

    /// The matched route pattern (`/v1/sweeps/{id}`), never the raw path: bounded label values.
    static func route(_ context: Context) -> String {
        guard let path = context.endpointPath, path != "NotFound" else { return "unmatched" }
        return path
    }
}
