import Foundation
import SweepModel
import Testing

extension EndToEnd {
    @Suite struct Resume {
        /// Re-submitting a finished grid creates no trials; more seeds create only the new ones.
        @Test func resubmitAddsNothingAndMoreSeedsAddOnlyTheNewTrials() async throws {
            let cluster = try Cluster()
            defer { cluster.tearDown() }
            try await cluster.startCoordinator()
            let grid = try cluster.grid("resume", singleReLUGrid(name: "resume", steps: 500, seeds: 3))
            #expect(try await cluster.submit(grid) == SubmitResponse(sweepId: "resume", trials: 6, new: 6))
            let w = try cluster.startWorker("w", slots: 2)
            #expect(try await w.waitForExit(seconds: 60) == 0)
            #expect(try await cluster.client.sweep("resume").state == .finished)

            #expect(try await cluster.submit(grid, name: "again") == SubmitResponse(sweepId: "resume", trials: 6, new: 0))
            #expect(try await cluster.client.sweep("resume").state == .finished)

            #expect(try await cluster.submit(grid, overrides: ["seeds=5"], name: "more") == SubmitResponse(sweepId: "resume", trials: 10, new: 4))
            let status = try await cluster.client.sweep("resume")
            #expect(status.counts == TrialCounts(pending: 4, done: 6))
            let w2 = try cluster.startWorker("w2", slots: 2)
            #expect(try await w2.waitForExit(seconds: 60) == 0)
            let records = try await cluster.results("resume")
            #expect(Set(records.map(\.trialId)).count == 10)
            #expect(try await cluster.stopAndCheckDatabase() == [])
        }
    }
}
