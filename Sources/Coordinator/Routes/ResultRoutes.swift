import Hummingbird
import ReLUCore
import SweepModel
import SweepStore

/// `POST /v1/results` (a batch of results and failure reports, one transaction, answered after
/// it commits) and the operators' `POST /v1/trials/{trialId}/fail`.
struct ResultRoutes {
    let deps: RouteDependencies

    func register(on router: CoordinatorRouter) {
        router.post("/v1/results") { request, _ in
            let items = try Self.decodeBatch(try await deps.bodies.collect(request))
            let ack = try await deps.store.record(items)
            deps.metrics.resultAck(ack)
            let failures = zip(items, ack.results).filter { $0.0.error != nil && $0.1.status == .stored }.count
            if failures > 0 { deps.metrics.failureReports.increment(by: failures) }
            return try JSONResponse.make(ack)
        }
        router.post("/v1/trials/{trialId}/fail") { request, context in
            let trialId = context.parameters.get("trialId") ?? ""
            guard TrialID.isWellFormed(trialId) else {
                throw APIError.badRequest("trialId: expected 32 lowercase hex digits in the path, got '\(trialId.prefix(40))'")
            }
            let body = try JSONRequest.decode(FailRequest.self, from: try await deps.bodies.collect(request))
            guard !body.error.isEmpty, body.error.utf8.count <= ResultItem.maxErrorBytes else {
                throw APIError.badRequest("error: expected 1...\(ResultItem.maxErrorBytes) bytes saying what failed")
            }
            guard try await deps.store.trial(id: trialId) != nil else { throw APIError.notFound("no trial \(trialId)") }
            let state = try await deps.store.fail(trialId: trialId, error: body.error)
            return try JSONResponse.make(FailResponse(trialId: trialId, state: state))
        }
    }

    /// Decodes `{"results": [...]}` or a bare array, then checks every item's form and metrics
    /// values; the first problem refuses the whole batch (nothing is stored), naming the item.
    static func decodeBatch(_ body: ByteBuffer) throws(APIError) -> [ResultItem] {
        let items: [ResultItem]
        if JSONRequest.firstByte(body) == UInt8(ascii: "[") {
            items = try JSONRequest.decode([ResultItem].self, from: body, code: "invalid_results")
        } else {
            items = try JSONRequest.decode(Keyed.self, from: body, code: "invalid_results").results
        }
        guard items.count <= ResultBatch.maxItems else {
            throw APIError.invalidResults("results: at most \(ResultBatch.maxItems) per batch, got \(items.count); split the batch")
        }
        for (i, item) in items.enumerated() {
            let which = "results[\(i)] (trial \(item.trialId.prefix(40)))"
            if let problem = item.formProblem() { throw APIError.invalidResults("\(which): \(problem)") }
            if let problem = item.metrics?.validationProblems(expectedSteps: nil).first {
                throw APIError.invalidResults("\(which): metrics.\(problem)")
            }
        }
        return items
    }

    /// `{"results": [...]}` with decoding errors that keep the item's path.
    private struct Keyed: Decodable {
        var results: [ResultItem]
    }
}
