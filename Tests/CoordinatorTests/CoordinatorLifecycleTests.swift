import AsyncHTTPClient
import Coordinator
import Foundation
import NIOCore
import SweepModel
import SweepStore
import Testing
import TestSupport

@Suite(.timeLimit(.minutes(1)))
struct CoordinatorLifecycleTests {
    @Test func aSecondCoordinatorOnTheSameDatabaseIsRefused() async throws {
        try await TestServer.with { server in
            try Self.expectLocked(server.dbPath)
            // The first one is unharmed.
            #expect(try await server.get("/healthz").status == 200)
        }
    }

    static func expectLocked(_ dbPath: String) throws {
        let config = CoordinatorConfiguration(databasePath: dbPath, token: try BearerToken("another-token"))
        let error: CoordinatorError
        do {
            _ = try Coordinator(configuration: config)
            Issue.record("a second coordinator opened \(dbPath)")
            return
        } catch let e {
            error = e
        }
        guard case .store(.locked(let lockFile, let pid)) = error else {
            Issue.record("expected a lock error, got \(error)")
            return
        }
        #expect(lockFile == dbPath + ".lock")
        #expect(pid == ProcessInfo.processInfo.processIdentifier)
        #expect(error.description.contains("stop that coordinator first"))
    }

    @Test func aRestartedCoordinatorContinuesWhereTheFirstStopped() async throws {
        let dir = TestServer.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let grants = try await TestServer.with(dir: dir) { server in
            _ = try await server.submit(TestData.grid("resume", seeds: 1))
            let lease = try await server.lease(slots: 2)
            _ = try await server.record([TestData.result(lease.leases[0])])
            return lease.leases
        }
        // The first coordinator has closed the store and released the lock.
        try await TestServer.with(dir: dir) { server in
            let status = try await server.get("/v1/sweeps/resume").decode(SweepStatus.self)
            #expect(status.counts == TrialCounts(pending: 2, leased: 1, done: 1))
            // The surviving holder of the second lease posts after the restart: stored.
            let ack = try await server.record([TestData.result(grants[1])])
            #expect(ack.results.first?.status == .stored)
            let again = try await server.submit(TestData.grid("resume", seeds: 1))
            #expect(again.new == 0)
            #expect(try await server.store.checkInvariants().isEmpty)
        }
    }

    @Test func portAndURLAreKnownOnceListeningAndShutdownEndsRun() async throws {
        let server = try await TestServer.start()
        let port = try await server.coordinator.port()
        #expect(port > 0)
        #expect(server.url == "http://127.0.0.1:\(port)")
        #expect(try await server.get("/healthz").status == 200)
        try await server.stop()
        // Stopped: the port refuses connections (a fresh client that gives up connecting soon;
        // AsyncHTTPClient retries refused connections until its connect timeout).
        let client = HTTPClient(eventLoopGroupProvider: .singleton,
                                configuration: HTTPClient.Configuration(timeout: .init(connect: .seconds(1))))
        await #expect(throws: (any Error).self) {
            _ = try await client.execute(HTTPClientRequest(url: server.url + "/healthz"), timeout: .seconds(5))
        }
        try await client.shutdown()
    }

    @Test func shutdownLetsARequestInFlightFinishThenClosesTheStore() async throws {
        let server = try await TestServer.start(configure: { $0.bodyTimeout = 20 })
        _ = try await server.submit(TestData.grid("inflight", std: [1], momentum: [0], seeds: 1))
        let grant = try #require(try await server.lease(slots: 1).leases.first)
        let bytes = Array(try JSONEncoder().encode(ResultBatch(results: [TestData.result(grant)])))
        var request = HTTPClientRequest(url: server.url + "/v1/results")
        request.method = .POST
        request.headers.add(name: "Authorization", value: "Bearer \(TestServer.defaultToken)")
        request.headers.add(name: "Content-Type", value: "application/json")
        // The request starts now; its body ends only after the shutdown has begun.
        let (chunks, body) = AsyncStream<ByteBuffer>.makeStream()
        body.yield(ByteBuffer(bytes: bytes.prefix(20)))
        request.body = .stream(chunks, length: .known(Int64(bytes.count)))
        async let answer = HTTPClient.shared.execute(request, timeout: .seconds(20))
        try await eventually("the request in flight") { server.coordinator.requestsInFlight == 1 }
        await server.coordinator.shutdown()
        body.yield(ByteBuffer(bytes: bytes.dropFirst(20)))
        body.finish()
        async let stopped: Void = server.stop(removeFiles: false)
        let response = try await answer
        #expect(response.status.code == 200)
        let ack = try JSONDecoder().decode(ResultAck.self, from: Data(try await response.body.collect(upTo: 1 << 20).readableBytesView))
        #expect(ack.results.first?.status == .stored)
        try await stopped
        // The store is closed and its lock released: the file opens again, with the result.
        let reopened = try SweepStore(path: server.dbPath)
        #expect(try await reopened.trial(id: grant.trialId)?.hasResult == true)
        try reopened.close()
        try? FileManager.default.removeItem(at: server.dir)
    }

    @Test func aPortInUseFailsRunAndThePortWaiters() async throws {
        try await TestServer.with { server in
            let port = try await server.coordinator.port()
            let dir = TestServer.makeTemporaryDirectory()
            defer { try? FileManager.default.removeItem(at: dir) }
            let second = try Coordinator(configuration: CoordinatorConfiguration(
                databasePath: dir.appendingPathComponent("other.sqlite").path, port: port))
            async let run: Void = second.run()
            await #expect(throws: CoordinatorError.self) { _ = try await second.port() }
            do {
                try await run
                Issue.record("run returned although the port is taken")
            } catch {
                #expect("\(error)".contains("\(port)"))
            }
        }
    }

    @Test func invalidConfigurationsNameTheFlag() throws {
        let cases: [(CoordinatorConfiguration, String)] = [
            (CoordinatorConfiguration(databasePath: "x.sqlite", port: 70000), "--port"),
            (CoordinatorConfiguration(databasePath: "x.sqlite", leaseSeconds: 0), "--lease-seconds"),
            (CoordinatorConfiguration(databasePath: "x.sqlite", maxBodyBytes: 10), "--max-body-bytes"),
            (CoordinatorConfiguration(databasePath: ""), "--db"),
        ]
        for (config, flag) in cases {
            do {
                try config.validate()
                Issue.record("\(flag) accepted")
            } catch {
                #expect(error.description.contains(flag))
            }
        }
    }
}
