import Foundation
import Hummingbird
import SweepModel
import SweepStore

/// `POST /v1/sweeps` (submit a resolved grid), `GET /v1/sweeps[/{id}]`, and
/// `POST /v1/sweeps/{id}/pause|resume|cancel`.
struct SweepRoutes {
    let deps: RouteDependencies

    func register(on router: CoordinatorRouter) {
        router.post("/v1/sweeps") { request, _ in try await submit(request) }
        router.get("/v1/sweeps") { _, _ in
            var list = try await deps.store.statusList()
            for i in list.sweeps.indices { list.sweeps[i].adaptive = await deps.adaptive.progress(sweepId: list.sweeps[i].id) }
            return try JSONResponse.make(list)
        }
        router.get("/v1/sweeps/{id}") { _, context in
            var status = try await deps.store.status(sweepId: try deps.sweepId(context))
            status.adaptive = await deps.adaptive.progress(sweepId: status.id)
            return try JSONResponse.make(status)
        }
        router.post("/v1/sweeps/{id}/pause") { _, context in
            try JSONResponse.make(try await deps.store.pause(sweepId: try deps.sweepId(context)))
        }
        router.post("/v1/sweeps/{id}/resume") { _, context in
            try JSONResponse.make(try await deps.store.resume(sweepId: try deps.sweepId(context)))
        }
        router.post("/v1/sweeps/{id}/cancel") { _, context in
            try JSONResponse.make(try await deps.store.cancel(sweepId: try deps.sweepId(context)))
        }
    }

    /// The body is the resolved grid in its JSON form (`GridSpec.jsonText()`); it is parsed and
    /// validated again here (limits first), and every trial is validated before anything is
    /// written.
    func submit(_ request: Request) async throws -> Response {
        let body = try await deps.bodies.collect(request)
        guard let first = JSONRequest.firstByte(body) else {
            throw APIError.badRequest("expected the grid as JSON in the body (GridSpec.jsonText(), see docs/grids.md), got none")
        }
        guard first == UInt8(ascii: "{") else {
            throw APIError.badRequest("expected the grid as a JSON object (GridSpec.jsonText(), see docs/grids.md); "
                + "YAML is read by the client: relusweep submit FILE sends it as JSON")
        }
        let spec: GridSpec
        do {
            spec = try GridSpec.parse(Data(body.readableBytesView), file: "request body", format: .json)
        } catch {
            throw APIError(status: .badRequest, code: "invalid_grid", detail: error.description)
        }
        return try JSONResponse.make(try await deps.store.submit(spec))
    }
}
