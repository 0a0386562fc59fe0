import HTTPTypes
import Hummingbird

/// The coordinator's router: Hummingbird's `Router`, plus the table of every route registered
/// through it (method and path pattern). Hummingbird does not list a router's routes, and the
/// API description (docs/openapi.yaml) is checked against exactly what the server registers,
/// so the table is kept here, where the routes are registered, not written out by hand.
final class CoordinatorRouter: RouterMethods {
    typealias Context = BasicRequestContext

    let router = Router<BasicRequestContext>()
    /// The routes registered so far, in order. (Routes are registered once, while the
    /// coordinator is built, on one thread, like Hummingbird's own `Router`.)
    private(set) var routes: [CoordinatorRoute] = []

    @discardableResult
    func on<Responder: HTTPResponder>(_ path: RouterPath, method: HTTPRequest.Method, responder: Responder) -> Self
        where Responder.Context == Context {
        routes.append(CoordinatorRoute(method: method.rawValue, path: path.description))
        router.on(path, method: method, responder: responder)
        return self
    }

    @discardableResult
    func add(middleware: any MiddlewareProtocol<Request, Response, Context>) -> Self {
        router.add(middleware: middleware)
        return self
    }
}

/// One route the coordinator serves: `POST /v1/sweeps/{id}/pause`.
public struct CoordinatorRoute: Hashable, Sendable, CustomStringConvertible {
    /// `GET`, `POST`, ...
    public var method: String
    /// The path pattern with `{parameter}` captures, as in OpenAPI.
    public var path: String

    public var description: String { "\(method) \(path)" }
}
