import Plot
import Foundation
import PhaseDiagram
import SweepModel
import Testing

@Suite(.timeLimit(.minutes(1)))
struct PhaseRoutesTests {
    @Test func theLivePhaseTableCountsResultsAndMissingTrialsPerCell() async throws {
        try await TestServer.with { server in
            // 2 targetStd x 2 momentum x 3 seeds = 12 trials.
            _ = try await server.submit(TestData.grid("phase", std: [0.01, 1], momentum: [0, 0.9], seeds: 3))
            let grants = try await server.lease(slots: 12).leases
            #expect(grants.count == 12)
            // Leave two trials of the (1, 0.9) cell without a result; collapse at targetStd 0.01,
            // momentum 0.9 only.
            let unfinished = grants.filter { $0.config.targetStd == 1 && $0.config.momentum == 0.9 }.prefix(2).map(\.trialId)
            let items = grants.filter { !unfinished.contains($0.trialId) }.map {
                TestData.result($0, collapsed: $0.config.targetStd == 0.01 && $0.config.momentum == 0.9)
            }
            _ = try await server.record(items)

            let reply = try await server.get("/v1/sweeps/phase/phase?x=targetStd&y=momentum&metric=collapsed&format=json")
            #expect(reply.status == 200)
            let table = try JSONPhaseRenderer.decode(reply.text)
            #expect(table.xKey == "targetStd")
            #expect(table.yKey == "momentum")
            #expect(table.xValues == [.double(0.01), .double(1)])
            #expect(table.yValues == [.double(0), .double(0.9)])
            #expect(table.cells.count == 4)
            func cell(_ x: Double, _ y: Double) throws -> PhaseCell {
                try #require(table.cells.first { $0.x == .double(x) && $0.y == .double(y) })
            }
            #expect(try cell(0.01, 0.9).n == 3)
            #expect(try cell(0.01, 0.9).collapsed == 3)
            #expect(try cell(0.01, 0.9).fraction == 1)
            #expect(try cell(0.01, 0).collapsed == 0)
            #expect(try cell(1, 0.9).n == 1)
            #expect(try cell(1, 0.9).missing == 2)
            #expect(try cell(1, 0.9).expected == 3)
            #expect(try cell(1, 0).missing == 0)
            #expect(table.totals.missing == 2)
            #expect(table.totals.withMetrics == 10)

            // x and y default to the grid's first two axes.
            let defaults = try JSONPhaseRenderer.decode(try await server.get("/v1/sweeps/phase/phase").text)
            #expect(defaults.xKey == "targetStd" && defaults.yKey == "momentum")
            #expect(defaults.cells == table.cells)

            let md = try await server.get("/v1/sweeps/phase/phase?format=md")
            #expect(md.status == 200)
            #expect(md.headers.first(name: "Content-Type")?.hasPrefix("text/markdown") == true)
            #expect(md.text.contains("| momentum \\ targetStd | 0.01 | 1 |"))
            #expect(md.text.contains("2 missing"))

            let dead = try JSONPhaseRenderer.decode(try await server.get("/v1/sweeps/phase/phase?metric=deadFraction").text)
            #expect(try #require(dead.cells.first { $0.x == .double(0.01) && $0.y == .double(0.9) }).fraction == 1)
        }
    }

    @Test func badPhaseQueriesAre400WithTheAllowedValues() async throws {
        try await TestServer.with { server in
            _ = try await server.submit(TestData.grid("q", seeds: 1))
            let unknown = try await server.get("/v1/sweeps/q/phase?x=targetstd&y=momentum")
            #expect(unknown.status == 400)
            #expect(unknown.error?.error == "invalid_query")
            #expect(unknown.error?.detail.contains("x: unknown key 'targetstd'") == true)
            #expect(unknown.error?.detail.contains("targetStd") == true)
            let same = try await server.get("/v1/sweeps/q/phase?x=momentum&y=momentum")
            #expect(same.status == 400)
            let metric = try await server.get("/v1/sweeps/q/phase?metric=alive")
            #expect(metric.status == 400)
            #expect(metric.error?.detail.contains("collapsed") == true)
            let scale = try await server.get("/v1/sweeps/q/phase?xScale=log&x=model&y=momentum")
            #expect(scale.status == 400)
            #expect(try await server.get("/v1/sweeps/q/phase?format=png").status == 400)
            #expect(try await server.get("/v1/sweeps/q/phase?facet=depth").status == 200)
        }
    }

    @Test func theSVGFormatIsTheAggregateHeatmapOfTheSameTable() async throws {
        try await TestServer.with { server in
            _ = try await server.submit(TestData.grid("svg", std: [0.01, 1], momentum: [0, 0.9], seeds: 2))
            let grants = try await server.lease(slots: 8).leases
            // Three of the four cells get results; (1, 0.9) stays empty (hatched).
            let items = grants.filter { !($0.config.targetStd == 1 && $0.config.momentum == 0.9) }
                .map { TestData.result($0, collapsed: $0.config.targetStd == 0.01) }
            _ = try await server.record(items)
            let query = "x=targetStd&y=momentum&metric=collapsed"
            let svg = try await server.get("/v1/sweeps/svg/phase?\(query)&format=svg")
            #expect(svg.status == 200)
            #expect(svg.headers.first(name: "Content-Type")?.hasPrefix("image/svg+xml") == true)
            let table = try JSONPhaseRenderer.decode(try await server.get("/v1/sweeps/svg/phase?\(query)").text)
            // Exactly what HeatmapRenderer draws from the JSON route's table.
            #expect(svg.text == HeatmapRenderer().render(table))
            let ns = svg.text.components(separatedBy: "data-n=\"").dropFirst().map { Int($0.prefix { $0 != "\"" }) }
            #expect(ns == table.cells.map(\.n))
            #expect(ns == [2, 2, 2, 0])
            #expect(svg.text.components(separatedBy: "class=\"cell empty\"").count == 2)
        }
    }

    /// Tables over the grid's axes come from grid points at any size; a table over `seed` or
    /// `step` reads every record and is refused above `maxPhaseTrials`.
    @Test func onlyRecordReadingTablesHaveASizeLimit() async throws {
        try await TestServer.with(configure: { $0.maxPhaseTrials = 5 }) { server in
            _ = try await server.submit(TestData.grid("big", seeds: 2))
            #expect(try await server.get("/v1/sweeps/big/phase").status == 200)
            #expect(try await server.get("/v1/sweeps/big/phase?x=targetStd&y=momentum&metric=deadFraction").status == 200)
            for query in ["x=seed&y=momentum", "x=step&y=targetStd&metric=deadFraction"] {
                let reply = try await server.get("/v1/sweeps/big/phase?\(query)")
                #expect(reply.status == 400)
                #expect(reply.error?.detail.contains("relusweep aggregate") == true)
            }
        }
    }
}
