import Hummingbird
import SweepModel
import SweepStore

/// `POST /v1/leases`, `POST /v1/leases/heartbeat` (batch), `POST /v1/leases/{leaseId}/heartbeat`
/// and `POST /v1/leases/release`: each one store transaction.
struct LeaseRoutes {
    let deps: RouteDependencies

    /// The body of the single-lease heartbeat route.
    struct SingleHeartbeat: Decodable {
        var worker: String
    }

    func register(on router: CoordinatorRouter) {
        router.post("/v1/leases") { request, _ in
            let lease = try JSONRequest.decode(LeaseRequest.self, from: try await deps.bodies.collect(request))
            if let problem = lease.validationProblem() { throw APIError.badRequest(problem) }
            let response = try await deps.store.lease(worker: lease.worker, host: lease.host, slots: lease.slots,
                                                      trainingSlots: lease.trainingSlots, prefetch: lease.prefetch)
            deps.metrics.leaseRequest(response)
            return try JSONResponse.make(response)
        }
        router.post("/v1/leases/heartbeat") { request, _ in
            let beat = try JSONRequest.decode(HeartbeatRequest.self, from: try await deps.bodies.collect(request))
            if let problem = beat.validationProblem() { throw APIError.badRequest(problem) }
            return try JSONResponse.make(try await deps.store.heartbeat(worker: beat.worker, leaseIds: beat.leaseIds))
        }
        router.post("/v1/leases/{leaseId}/heartbeat") { request, context in
            let leaseId = context.parameters.get("leaseId") ?? ""
            guard LeaseID.isWellFormed(leaseId) else {
                throw APIError.badRequest("leaseId: expected 32 lowercase hex digits in the path, got '\(leaseId.prefix(40))'")
            }
            let beat = try JSONRequest.decode(SingleHeartbeat.self, from: try await deps.bodies.collect(request))
            if let problem = HeartbeatRequest(worker: beat.worker, leaseIds: [leaseId]).validationProblem() {
                throw APIError.badRequest(problem)
            }
            let answer = try await deps.store.heartbeat(worker: beat.worker, leaseIds: [leaseId])
            guard let renewal = answer.leases.first else {
                throw APIError(status: .internalServerError, code: "internal", detail: "the store answered no lease")
            }
            return try JSONResponse.make(renewal)
        }
        router.post("/v1/leases/release") { request, _ in
            let release = try JSONRequest.decode(ReleaseRequest.self, from: try await deps.bodies.collect(request))
            if let problem = release.validationProblem() { throw APIError.badRequest(problem) }
            return try JSONResponse.make(try await deps.store.release(worker: release.worker, leaseIds: release.leaseIds))
        }
    }
}
