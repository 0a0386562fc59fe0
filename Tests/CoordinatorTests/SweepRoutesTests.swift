import Foundation
import SweepModel
import SweepStore
import Testing

@Suite(.timeLimit(.minutes(1)))
struct SweepRoutesTests {
    @Test func submitIsIdempotentAndExtendsWithOnlyNewTrials() async throws {
        try await TestServer.with { server in
            let first = try await server.submit(TestData.grid("p2", seeds: 2))
            #expect(first == SubmitResponse(sweepId: "p2", trials: 8, new: 8))

            let again = try await server.submit(TestData.grid("p2", seeds: 2))
            #expect(again == SubmitResponse(sweepId: "p2", trials: 8, new: 0))

            // One more seed and one more momentum value: 2 x 3 x 3 = 18 trials, 10 of them new.
            let extended = try await server.submit(TestData.grid("p2", momentum: [0, 0.9, 0.99], seeds: 3))
            #expect(extended == SubmitResponse(sweepId: "p2", trials: 18, new: 10))

            let status = try await server.get("/v1/sweeps/p2").decode(SweepStatus.self)
            #expect(status.state == .running)
            #expect(status.counts == TrialCounts(pending: 18))
            let list = try await server.get("/v1/sweeps").decode(StatusList.self)
            #expect(list.sweeps.map(\.id) == ["p2"])
        }
    }

    @Test func resubmittingAFinishedSweepAddsNothingAndLeavesItFinished() async throws {
        try await TestServer.with { server in
            _ = try await server.submit(TestData.grid("done", std: [1], momentum: [0], seeds: 2))
            let lease = try await server.lease(slots: 2)
            let ack = try await server.record(lease.leases.map { TestData.result($0) })
            #expect(ack.results.map(\.status) == [.stored, .stored])
            #expect(try await server.get("/v1/sweeps/done").decode(SweepStatus.self).state == .finished)

            let again = try await server.submit(TestData.grid("done", std: [1], momentum: [0], seeds: 2))
            #expect(again.new == 0)
            let status = try await server.get("/v1/sweeps/done").decode(SweepStatus.self)
            #expect(status.state == .finished)
            #expect(status.counts == TrialCounts(done: 2))
        }
    }

    @Test func invalidGridsAreRefusedWithTheKeyAndNothingIsStored() async throws {
        try await TestServer.with { server in
            let badMomentum = #"{"name":"bad","base":{"model":"single","dataset":"relu1d"},"axes":{"momentum":[0,1.5]}}"#
            let reply = try await server.post("/v1/sweeps", json: badMomentum)
            #expect(reply.status == 400)
            #expect(reply.error?.error == "invalid_grid")
            #expect(reply.error?.detail.contains("momentum") == true)

            let unknownKey = #"{"name":"bad","base":{"targetstd":1}}"#
            let reply2 = try await server.post("/v1/sweeps", json: unknownKey)
            #expect(reply2.status == 400)
            #expect(reply2.error?.detail.contains("targetstd") == true)

            let yaml = "name: y\nbase: { model: single }\n"
            let reply3 = try await server.post("/v1/sweeps", json: yaml)
            #expect(reply3.status == 400)
            #expect(reply3.error?.detail.contains("JSON") == true)

            let tooBig = #"{"name":"huge","base":{"model":"single"},"seeds":2000000}"#
            let reply4 = try await server.post("/v1/sweeps", json: tooBig)
            #expect(reply4.status == 400)
            #expect(reply4.error?.detail.contains("limit") == true)

            #expect(try await server.get("/v1/sweeps").decode(StatusList.self).sweeps.isEmpty)
        }
    }

    @Test func pauseResumeCancelChangeWhatIsLeased() async throws {
        try await TestServer.with { server in
            _ = try await server.submit(TestData.grid("ctl", seeds: 1))
            let paused = try await server.post("/v1/sweeps/ctl/pause", json: "").decode(SweepStatus.self)
            #expect(paused.state == .paused)
            let none = try await server.lease(slots: 4)
            #expect(none.leases.isEmpty)
            #expect(!none.finished)
            #expect(none.retryAfterSeconds > 0)

            let resumed = try await server.post("/v1/sweeps/ctl/resume", json: "").decode(SweepStatus.self)
            #expect(resumed.state == .running)
            let granted = try await server.lease(slots: 1)
            #expect(granted.leases.count == 1)

            let cancelled = try await server.post("/v1/sweeps/ctl/cancel", json: "").decode(SweepStatus.self)
            #expect(cancelled.state == .cancelled)
            let beat = try await server.post("/v1/leases/heartbeat",
                                              HeartbeatRequest(worker: "w1", leaseIds: granted.leases.map(\.leaseId)))
                .decode(HeartbeatResponse.self)
            #expect(beat.leases.map(\.status) == [.stop])
            #expect(beat.leases.first?.reason == "cancelled")

            // Pausing a cancelled sweep is a conflict and changes nothing.
            let conflict = try await server.post("/v1/sweeps/ctl/pause", json: "")
            #expect(conflict.status == 409)
            #expect(conflict.error?.error == "conflict")
            #expect(try await server.get("/v1/sweeps/ctl").decode(SweepStatus.self).state == .cancelled)
            // Nothing is running: a worker asking is told it may exit.
            #expect(try await server.lease(slots: 1).finished)
        }
    }

    @Test func unknownSweepsAre404() async throws {
        try await TestServer.with { server in
            for (method, path) in [("GET", "/v1/sweeps/nope"), ("POST", "/v1/sweeps/nope/pause"), ("POST", "/v1/sweeps/nope/resume"),
                                   ("POST", "/v1/sweeps/nope/cancel"), ("GET", "/v1/sweeps/nope/results"),
                                   ("GET", "/v1/sweeps/nope/phase"), ("GET", "/v1/sweeps/..%2F..%2Fetc/results")] {
                let reply = try await server.request(method == "GET" ? .GET : .POST, path)
                #expect(reply.status == 404, "\(method) \(path)")
                #expect(reply.error?.error == "not_found", "\(method) \(path)")
            }
            let route = try await server.get("/v1/nothing-here")
            #expect(route.status == 404)
            #expect(route.error?.detail == "no such route")
        }
    }
}
