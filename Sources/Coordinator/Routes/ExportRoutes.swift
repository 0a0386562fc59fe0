import SweepModel
import Hummingbird
import ReLUCore
import SweepStore

/// `GET /v1/sweeps/{id}/results?format=jsonl|csv`: the sweep's finished trials, streamed one
/// store page (one read snapshot) at a time, so memory stays bounded for a million trials.
struct ExportRoutes {
    let deps: RouteDependencies
    static let pageSize = 5000

    enum Format: String {
        case jsonl, csv

        var contentType: String {
            switch self {
            case .jsonl: "application/x-ndjson"
            case .csv: "text/csv; charset=utf-8"
            }
        }
    }

    func register(on router: CoordinatorRouter) {
        router.get("/v1/sweeps/{id}/results") { request, context in
            let sweepId = try deps.sweepId(context)
            let formatText = request.uri.queryParameters.get("format") ?? "jsonl"
            guard let format = Format(rawValue: formatText) else {
                throw APIError.badRequest("format: expected jsonl or csv, got '\(formatText.prefix(40))'")
            }
            // The first page is read before answering, so an unknown sweep is a 404, not a
            // broken stream.
            let first = try await deps.store.exportStoredPage(sweepId: sweepId, after: nil, limit: Self.pageSize)
            let store = deps.store
            let logger = context.logger
            let body = ResponseBody { writer in
                if format == .csv { try await writer.write(ByteBuffer(string: TrialRecordCSV.headerLine + "\n")) }
                var page = first
                while true {
                    if !page.records.isEmpty { try await writer.write(ByteBuffer(string: try Self.render(page.records, format))) }
                    guard let next = page.next else { break }
                    do {
                        page = try await store.exportStoredPage(sweepId: sweepId, after: next, limit: Self.pageSize)
                    } catch {
                        // The status line is gone; end the stream short (the client sees a
                        // truncated body) and say why in the log.
                        logger.error("export of \(sweepId) stopped", metadata: ["error": "\(error)"])
                        throw error
                    }
                }
                try await writer.finish(nil)
            }
            return Response(status: .ok, headers: [.contentType: format.contentType], body: body)
        }
    }

    /// JSONL lines are the stored JSON as it is (no decoding, no re-encoding); CSV rows need the
    /// values, read by the fast decoders.
    static func render(_ records: [StoredRecord], _ format: Format) throws -> String {
        var out = ""
        out.reserveCapacity(records.count * 800)
        for r in records {
            switch format {
            case .jsonl: r.appendJSONLine(to: &out)
            case .csv: out += TrialRecordCSV.row(try r.record())
            }
            out += "\n"
        }
        return out
    }
}
