import Coordinator
import Foundation
import SweepModel
import Testing

@Suite(.timeLimit(.minutes(1)))
struct FailureRoutesTests {
    @Test func recentFailuresComeNewestFirstWithTheirErrorText() async throws {
        try await TestServer.with { server in
            _ = try await server.submit(TestData.grid("f1", std: [1], momentum: [0], seeds: 2))
            _ = try await server.submit(TestData.grid("f2", std: [2], momentum: [0], seeds: 1))
            let empty = try await server.get("/v1/failures").decode(FailureList.self)
            #expect(empty.failures.isEmpty)

            let grants = try await server.lease(slots: 3).leases
            let first = try #require(grants.first { $0.sweepId == "f1" })
            let other = try #require(grants.first { $0.sweepId == "f2" })
            let markup = #"RuntimeError: <script>alert("x")</script> & NaN"#
            let acks = try await server.record([TestData.failure(first, markup, worker: "w<b>1</b>"),
                                               TestData.failure(other, "diverged at step 3", worker: "w2")])
            #expect(acks.results.allSatisfy { $0.status == .stored })
            for _ in 0..<2 {
                #expect(try await server.post("/v1/trials/\(first.trialId)/fail", json: #"{"error":"operator says no"}"#).status == 200)
            }

            let list = try await server.get("/v1/failures").decode(FailureList.self).failures
            #expect(list.count == 4)
            #expect(list.map(\.trialId) == [first.trialId, first.trialId, other.trialId, first.trialId])
            #expect(list[0].final && list[0].attempt == 3 && list[0].maxAttempts == 3 && list[0].worker == nil)
            #expect(!list[1].final && list[1].attempt == 2)
            #expect(list[2].error == "diverged at step 3" && list[2].worker == "w2" && list[2].sweeps == ["f2"])
            #expect(list[3].error == markup && list[3].worker == "w<b>1</b>" && list[3].sweeps == ["f1"] && list[3].attempt == 1)
            // The trial is failed for good, as the list says.
            #expect(try await server.get("/v1/sweeps/f1").decode(SweepStatus.self).counts.failed == 1)

            #expect(try await server.get("/v1/failures?limit=1").decode(FailureList.self).failures.map(\.trialId) == [first.trialId])
            #expect(try await server.get("/v1/failures?sweep=f2").decode(FailureList.self).failures.map(\.trialId) == [other.trialId])
            let missing = try await server.get("/v1/failures?sweep=nope")
            #expect(missing.status == 404 && missing.error?.error == "not_found")
            for bad in ["limit=0", "limit=1001", "limit=x"] {
                let reply = try await server.get("/v1/failures?\(bad)")
                #expect(reply.status == 400 && reply.error?.detail.contains("limit") == true, "\(bad)")
            }
        }
    }
}
