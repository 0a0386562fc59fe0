import Foundation
import ReLUCore
import SweepModel
import SweepStore
import Testing

@Suite(.timeLimit(.minutes(1)))
struct ResultRoutesTests {
    @Test func failureReportsSpendTheBudgetAndEndFailedWithTheLastError() async throws {
        try await TestServer.with { server in
            _ = try await server.submit(TestData.grid("fail", std: [1], momentum: [0], seeds: 1))
            var trialId = ""
            for attempt in 1...3 {
                let grant = try #require(try await server.lease(slots: 1).leases.first)
                trialId = grant.trialId
                #expect(grant.epoch == attempt)
                let ack = try await server.record([TestData.failure(grant, "boom \(attempt)")])
                #expect(ack.results.first?.status == .stored)
                #expect(ack.results.first?.detail?.contains("failure \(attempt) of 3") == true)
            }
            let info = try #require(try await server.store.trial(id: trialId))
            #expect(info.state == .failed)
            #expect(info.attempts == 3)
            #expect(info.lastError == "boom 3")
            let status = try await server.get("/v1/sweeps/fail").decode(SweepStatus.self)
            #expect(status.counts == TrialCounts(failed: 1))
            #expect(status.state == .finished)
            let line = try #require(try await server.get("/v1/sweeps/fail/results").text.split(separator: "\n").first)
            let record = try TrialRecord.parse(jsonLine: String(line))
            #expect(record.error == "boom 3")
            #expect(record.metrics == nil)
            let workers = try await server.get("/v1/workers").decode(WorkerListBody.self).workers
            #expect(workers.first?.failed == 3)
            #expect(try await server.get("/metrics").text.contains("relusweep_failure_reports_total 3"))
        }
    }

    @Test func epochFencingStoresALateResultOnceAndIgnoresTheSecond() async throws {
        try await TestServer.with { server in
            _ = try await server.submit(TestData.grid("fence", std: [1], momentum: [0], seeds: 1))
            let stale = try #require(try await server.lease(worker: "a", slots: 1).leases.first)
            // A's lease runs out (as if A were stopped past its expiry) and B gets the trial.
            #expect(try await server.store.expire(now: Date().addingTimeInterval(3600)) == 1)
            let current = try #require(try await server.lease(worker: "b", slots: 1).leases.first)
            #expect(current.trialId == stale.trialId)
            #expect(current.epoch == 2)

            // Forged lease id, wrong epoch, lease of another trial: rejected, nothing stored.
            var forged = TestData.result(current, worker: "b")
            forged.leaseId = String(repeating: "ab", count: 16)
            var wrongEpoch = TestData.result(current, worker: "b")
            wrongEpoch.epoch = 1
            var otherTrial = TestData.result(current, worker: "b")
            otherTrial.trialId = String(repeating: "cd", count: 16)
            let rejected = try await server.record([forged, wrongEpoch, otherTrial])
            #expect(rejected.results.map(\.status) == [.rejected, .rejected, .rejected])
            #expect(rejected.results[0].detail?.contains("unknown lease") == true)
            #expect(rejected.results[1].detail?.contains("epoch") == true)
            #expect(try await server.store.trial(id: current.trialId)?.hasResult == false)

            // A stale holder's failure report is not counted.
            let staleFailure = try await server.record([TestData.failure(stale, "late crash", worker: "a")])
            #expect(staleFailure.results.first?.status == .rejected)
            #expect(try await server.store.trial(id: stale.trialId)?.attempts == 0)

            // A's late result is stored: the trial had none. B is superseded.
            let late = try await server.record([TestData.result(stale, worker: "a", collapsed: true)])
            #expect(late.results.first?.status == .stored)
            let beat = try await server.post("/v1/leases/heartbeat", HeartbeatRequest(worker: "b", leaseIds: [current.leaseId]))
                .decode(HeartbeatResponse.self)
            #expect(beat.leases.first?.status == .stop)
            #expect(beat.leases.first?.reason == "superseded")
            // B's result arrives second: a duplicate, ignored. Re-posting A's is one too.
            let second = try await server.record([TestData.result(current, worker: "b"), TestData.result(stale, worker: "a")])
            #expect(second.results.map(\.status) == [.duplicate, .duplicate])

            let lines = try await server.get("/v1/sweeps/fence/results").text.split(separator: "\n")
            #expect(lines.count == 1)
            #expect(try TrialRecord.parse(jsonLine: String(lines[0])).metrics?.collapsed == true)
            #expect(try await server.get("/metrics").text.contains(#"relusweep_results_total{status="duplicate"} 2"#))
            #expect(try await server.store.checkInvariants().isEmpty)
        }
    }

    @Test func metricsThatContradictTheTrialsStepsAreRejectedAndCounted() async throws {
        try await TestServer.with { server in
            _ = try await server.submit(TestData.grid("steps", std: [1], momentum: [0], seeds: 1, steps: 10))
            let grant = try #require(try await server.lease(slots: 1).leases.first)
            let item = ResultItem(leaseId: grant.leaseId, epoch: grant.epoch, trialId: grant.trialId,
                                  metrics: TestData.metrics(steps: 7), provenance: TestData.provenance())
            let ack = try await server.record([item])
            #expect(ack.results.first?.status == .rejected)
            #expect(ack.results.first?.detail?.contains("steps = 10") == true)
            let info = try #require(try await server.store.trial(id: grant.trialId))
            #expect(info.hasResult == false)
            #expect(info.attempts == 1)
        }
    }

    @Test func theOperatorsFailRouteSpendsOneAttempt() async throws {
        try await TestServer.with { server in
            _ = try await server.submit(TestData.grid("op", std: [1], momentum: [0], seeds: 1))
            let grant = try #require(try await server.lease(slots: 1).leases.first)
            let reply = try await server.post("/v1/trials/\(grant.trialId)/fail", json: #"{"error":"kills its worker (OOM)"}"#)
            #expect(reply.status == 200)
            #expect(reply.text.contains(#""state":"pending""#))
            let info = try #require(try await server.store.trial(id: grant.trialId))
            #expect(info.attempts == 1)
            #expect(info.lastError == "kills its worker (OOM)")
            #expect(try await server.post("/v1/trials/\(String(repeating: "0", count: 32))/fail", json: #"{"error":"x"}"#).status == 404)
            #expect(try await server.post("/v1/trials/not-an-id/fail", json: #"{"error":"x"}"#).status == 400)
        }
    }
}
