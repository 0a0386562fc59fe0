import Hummingbird
import SweepModel
import SweepStore

/// `GET /v1/workers[?all=true]` and `GET /v1/events?after=&limit=`.
struct WorkerRoutes {
    let deps: RouteDependencies

    func register(on router: CoordinatorRouter) {
        router.get("/v1/workers") { request, _ in
            let all = request.uri.queryParameters.get("all") == "true"
            return try JSONResponse.make(WorkerList(workers: try await deps.store.workers(includeIdle: all)))
        }
        router.get("/v1/events") { request, _ in
            let q = request.uri.queryParameters
            let after = try Self.integer(q.get("after"), name: "after", default: 0, range: 0...Int(Int64.max))
            let limit = try Self.integer(q.get("limit"), name: "limit", default: 1000, range: 1...10_000)
            let events = try await deps.store.events(after: Int64(after), limit: limit)
            return try JSONResponse.make(EventList(events: events, next: events.last?.seq ?? Int64(after)))
        }
    }

    static func integer(_ text: String?, name: String, default value: Int, range: ClosedRange<Int>) throws(APIError) -> Int {
        guard let text else { return value }
        guard let n = Int(text), range.contains(n) else {
            throw APIError.badRequest("\(name): expected an integer in \(range.lowerBound)...\(range.upperBound), got '\(text.prefix(40))'")
        }
        return n
    }
}
