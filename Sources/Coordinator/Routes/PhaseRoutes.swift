import Plot
import Foundation
import Hummingbird
import PhaseDiagram
import ReLUCore
import SweepModel
import SweepStore

/// `GET /v1/sweeps/{id}/phase?x=&y=&facet=&metric=&xScale=&yScale=&format=json|md|svg`: the
/// live phase table of a sweep, aggregated from its finished trials with the grid's trials as
/// the expected ones (so trials still missing are counted per cell); `svg` is the heatmap of
/// `relusweep aggregate` (the dashboard shows it).
struct PhaseRoutes {
    let deps: RouteDependencies

    func register(on router: CoordinatorRouter) {
        router.get("/v1/sweeps/{id}/phase") { request, context in
            try await phase(request, sweepId: try deps.sweepId(context))
        }
    }

    func phase(_ request: Request, sweepId: String) async throws -> Response {
        let q = request.uri.queryParameters
        let format = q.get("format") ?? "json"
        guard ["json", "md", "svg"].contains(format) else {
            throw APIError.badRequest("format: expected json, md or svg, got '\(format.prefix(40))'")
        }
        let metricText = q.get("metric") ?? PhaseMetric.collapsed.rawValue
        guard let metric = PhaseMetric(rawValue: metricText) else {
            throw APIError.invalidQuery("metric: expected one of \(PhaseMetric.allCases.map(\.rawValue).joined(separator: ", ")), got '\(metricText.prefix(40))'")
        }
        let xScale = try scale(q.get("xScale"), name: "xScale")
        let yScale = try scale(q.get("yScale"), name: "yScale")
        let facets = q.getAll("facet").flatMap { $0.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) } }
            .filter { !$0.isEmpty }

        let grid = try await deps.grid(sweepId: sweepId)
        // Without x and y: the grid's default axes (and facets), as /axes and `relusweep run`.
        let defaults = grid.defaultPhaseAxes
        let x = q.get("x") ?? defaults.map { $0.x == q.get("y") ? $0.y : $0.x }
        let y = q.get("y") ?? defaults.map { $0.y == x ? $0.x : $0.y }
        guard let x, let y else {
            throw APIError.invalidQuery("give x and y (config keys): the grid of \(sweepId) has fewer than two axes to default to")
        }
        let defaulted = q.get("x") == nil && q.get("y") == nil
        let query = PhaseQuery(x: x, y: y, facets: facets.isEmpty && defaulted ? defaults?.facets ?? [] : facets,
                               metric: metric, xScale: xScale, yScale: yScale)
        let aggregator: PhaseAggregator
        do { aggregator = try PhaseAggregator(query: query) } catch { throw Self.apiError(error) }

        let table: PhaseTable
        if aggregator.answersFromPoints {
            // Any sweep size: the store keeps statistics per grid point with every result.
            let points = try await deps.store.points(sweepId: sweepId, withTestMSE: metric == .nmse)
            do {
                table = try aggregator.table(points: points.map { ($0.config, $0.expected, $0.statistics) })
            } catch { throw Self.apiError(error) }
        } else {
            // The seed or the trace step as an axis needs the records themselves.
            let status = try await deps.store.status(sweepId: sweepId)
            guard status.trials <= deps.configuration.maxPhaseTrials else {
                throw APIError.invalidQuery("sweep '\(sweepId)' has \(status.trials) trials; a table over 'seed' or 'step' reads every record and does so for at most "
                    + "\(deps.configuration.maxPhaseTrials): export the results and run relusweep aggregate")
            }
            var records: [TrialRecord] = []
            records.reserveCapacity(status.counts.done + status.counts.failed)
            try await deps.store.exportRecords(sweepId: sweepId, pageSize: 5000) { records += $0 }
            do { table = try aggregator.aggregate(records, expected: ExpectedTrials(grid: grid)) } catch { throw Self.apiError(error) }
        }

        if format == "svg" {
            return JSONResponse.text(HeatmapRenderer().render(table), contentType: "image/svg+xml; charset=utf-8")
        }
        if format == "md" {
            return JSONResponse.text(MarkdownPhaseRenderer.render(table), contentType: "text/markdown; charset=utf-8")
        }
        return JSONResponse.text(try JSONPhaseRenderer.render(table, pretty: false), contentType: "application/json")
    }

    func scale(_ text: String?, name: String) throws(APIError) -> AxisScaleChoice {
        guard let text else { return .auto }
        guard let s = AxisScaleChoice(rawValue: text) else {
            throw APIError.invalidQuery("\(name): expected one of \(AxisScaleChoice.allCases.map(\.rawValue).joined(separator: ", ")), got '\(text.prefix(40))'")
        }
        return s
    }

    /// Phase errors name the query's parameters, which are this route's query parameters.
    static func apiError(_ error: PhaseError) -> APIError {
        .invalidQuery(error.description)
    }
}
