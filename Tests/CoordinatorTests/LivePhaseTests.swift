import Foundation
import PhaseDiagram
import ReLUCore
import SweepModel
import SweepStore
import Testing
import TestSupport

/// The live phase route answers from per-grid-point statistics the store keeps with every
/// result. Its cells must be the cells `relusweep aggregate` computes from the sweep's exported
/// records, bit for bit, for any axes and metric.
@Suite(.timeLimit(.minutes(2)))
struct LivePhaseTests {
    static func metrics(steps: Int, collapsed: Bool, dead: Double, nmse: Double) -> TrialMetrics {
        let json = """
            {"collapsed":\(collapsed),"collapsedInit":false,"deadFraction":\(dead),"deadFractionInit":\(dead / 3),\
            "deadFractionPerLayer":[\(dead)],"deadFractionPerLayerInit":[0],"deadUnits":0,"diverged":false,\
            "normalizedTestMSE":\(nmse),"normalizedTrainMSE":0.4,"normalizedTrainMSEInit":1,"parameterCount":3,\
            "skippedSteps":0,"stepsPerSecond":1000,"stepsRun":\(steps),"stopReason":"completed","totalUnits":1,"wallSeconds":0.01}
            """
        return try! JSONDecoder().decode(TrialMetrics.self, from: Data(json.utf8))
    }

    static func withoutTestMSE(_ cell: PhaseCell) -> PhaseCell {
        var c = cell
        c.nmseMedian = nil
        c.nmseLower = nil
        c.nmseUpper = nil
        c.nmseCount = 0
        return c
    }

    @Test func livePhaseCellsEqualAggregateOfTheExport() async throws {
        try await TestServer.with { server in
            let grid = """
                {"name":"live","base":{"model":"single","dataset":"relu1d","steps":10},\
                "axes":{"targetStd":[0.01,1],"momentum":[0,0.9],"lr":[0.05,0.1]},"seeds":6}
                """
            _ = try await server.post("/v1/sweeps", json: grid)
            // A second sweep sharing half the trials: its points are updated by the same results.
            _ = try await server.post("/v1/sweeps", json: """
                {"name":"shared","base":{"model":"single","dataset":"relu1d","steps":10,"lr":0.05},\
                "axes":{"targetStd":[0.01,1],"momentum":[0,0.9]},"seeds":6}
                """)
            var rng = SeededRandom.forTest()
            var grants: [LeaseGrant] = []
            while true {
                let batch = try await server.lease(slots: 64).leases
                if batch.isEmpty { break }
                grants += batch
            }
            #expect(grants.count == 48)
            var items: [ResultItem] = []
            var failing: [LeaseGrant] = []
            for g in grants {
                switch Int.random(in: 0..<10, using: &rng) {
                case 0: failing.append(g)  // failed for good below
                case 1: continue  // left leased: missing from both tables
                default:
                    let collapsed = Bool.random(using: &rng)
                    items.append(ResultItem(leaseId: g.leaseId, epoch: g.epoch, trialId: g.trialId,
                                            metrics: Self.metrics(steps: g.config.steps, collapsed: collapsed,
                                                                  dead: collapsed ? 1 : Double(Int.random(in: 0...7, using: &rng)) / 7,
                                                                  nmse: Double.random(in: 0.01...3, using: &rng)),
                                            provenance: TestData.provenance()))
                }
            }
            _ = try await server.record(items)
            for g in failing {
                for _ in 0..<3 { _ = try await server.post("/v1/trials/\(g.trialId)/fail", FailRequest(error: "boom")) }
            }

            let exported = temporaryDirectory() + "/live.jsonl"
            try await server.get("/v1/sweeps/live/results?format=jsonl").text.write(toFile: exported, atomically: true, encoding: .utf8)
            let spec = try GridSpec.parse(grid, file: "live.json")
            let queries: [(String, String, [String])] = [("targetStd", "momentum", []), ("momentum", "lr", ["targetStd"]),
                                                         ("lr", "targetStd", []), ("targetStd", "lr", ["momentum"])]
            for (x, y, facets) in queries {
                for metric in [PhaseMetric.collapsed, .deadFraction, .nmse] {
                    let query = "x=\(x)&y=\(y)&metric=\(metric.rawValue)" + facets.map { "&facet=\($0)" }.joined()
                    let live = try JSONPhaseRenderer.decode(try await server.get("/v1/sweeps/live/phase?\(query)").text)
                    let reference = try PhaseAggregator(query: PhaseQuery(x: x, y: y, facets: facets, metric: metric))
                        .aggregate([JSONLResultSource(path: exported)], expected: ExpectedTrials(grid: spec))
                    // The nmse columns come with metric=nmse only (they need every trial's value).
                    #expect(live.cells == (metric == .nmse ? reference.cells : reference.cells.map(Self.withoutTestMSE)), "\(query)")
                    #expect(live.totals.withMetrics == reference.totals.withMetrics && live.totals.failed == reference.totals.failed)
                    #expect(live.totals.missing == reference.totals.missing && live.pooledKeys == reference.pooledKeys, "\(query)")
                }
            }
            // Pooling over lr is reported as such.
            let pooled = try JSONPhaseRenderer.decode(try await server.get("/v1/sweeps/live/phase?x=targetStd&y=momentum").text)
            #expect(pooled.pooledKeys == ["lr"])
            // The shared sweep counts the same results for its trials.
            let shared = try JSONPhaseRenderer.decode(try await server.get("/v1/sweeps/shared/phase?x=targetStd&y=momentum").text)
            let sharedStatus = try await server.store.status(sweepId: "shared")
            #expect(shared.totals.withMetrics == sharedStatus.counts.done)
            #expect(shared.totals.failed == sharedStatus.counts.failed)
        }
    }
}
