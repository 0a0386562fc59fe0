import Coordinator
import Foundation
import NIOHTTP1
import SweepModel
import SweepStore
import Testing

@Suite(.timeLimit(.minutes(1)))
struct AuthTests {
    /// Every mutating route, with a valid body, so only the token decides.
    static func mutatingRequests(_ grant: LeaseGrant) -> [(String, String)] {
        let result = String(decoding: try! JSONEncoder().encode(ResultBatch(results: [TestData.result(grant)])), as: UTF8.self)
        let ids = #"{"worker":"w1","leaseIds":["\#(grant.leaseId)"]}"#
        return [
            ("/v1/sweeps", TestData.grid("other")),
            ("/v1/sweeps/auth/pause", ""),
            ("/v1/sweeps/auth/resume", ""),
            ("/v1/sweeps/auth/cancel", ""),
            ("/v1/leases", #"{"worker":"w9","slots":4}"#),
            ("/v1/leases/heartbeat", ids),
            ("/v1/leases/\(grant.leaseId)/heartbeat", #"{"worker":"w1"}"#),
            ("/v1/leases/release", ids),
            ("/v1/results", result),
            ("/v1/trials/\(grant.trialId)/fail", #"{"error":"x"}"#),
        ]
    }

    @Test func everyMutatingRouteWithoutOrWithAWrongTokenIs401AndChangesNothing() async throws {
        try await TestServer.with { server in
            _ = try await server.submit(TestData.grid("auth", seeds: 1))
            let grant = try #require(try await server.lease(slots: 1).leases.first)
            let ids = try await server.store.exportPage(sweepId: "auth").records.compactMap(\.trialId) + [grant.trialId]
            let before = try await StoreSnapshot.take(server.store, trialIds: ids)
            let wrong: [TestServer.Auth] = [
                .none, .bearer("wrong-token"), .bearer(TestServer.defaultToken + "x"), .bearer(String(TestServer.defaultToken.dropLast())),
                .header("Basic \(TestServer.defaultToken)"), .header(TestServer.defaultToken), .bearer(""),
            ]
            for (path, body) in Self.mutatingRequests(grant) {
                for auth in wrong {
                    let reply = try await server.request(.POST, path, body: Array(body.utf8), auth: auth)
                    #expect(reply.status == 401, "POST \(path) with \(auth)")
                    #expect(reply.error?.error == "unauthorized")
                    #expect(reply.headers.first(name: "WWW-Authenticate") == "Bearer")
                    #expect(!reply.text.contains("wrong-token"))
                }
            }
            let after = try await StoreSnapshot.take(server.store, trialIds: ids)
            #expect(after == before)
            // The right token still works on the same routes.
            let beat = try await server.post("/v1/leases/heartbeat", json: #"{"worker":"w1","leaseIds":["\#(grant.leaseId)"]}"#)
            #expect(beat.status == 200)
            // Lower-case scheme is accepted.
            let lower = try await server.request(.POST, "/v1/leases", body: Array(#"{"worker":"w1","slots":1}"#.utf8),
                                                 auth: .header("bearer \(TestServer.defaultToken)"))
            #expect(lower.status == 200)
        }
    }

    @Test func readRoutesAreOpenOnLoopbackAndHealthzAlways() async throws {
        try await TestServer.with { server in
            _ = try await server.submit(TestData.grid("reads", seeds: 1))
            for path in ["/healthz", "/metrics", "/v1/info", "/v1/sweeps", "/v1/sweeps/reads", "/v1/sweeps/reads/results",
                         "/v1/sweeps/reads/phase", "/v1/workers", "/v1/events"] {
                #expect(try await server.get(path, auth: .none).status == 200, "GET \(path) without token")
                #expect(try await server.get(path).status == 200, "GET \(path) with token")
            }
        }
    }

    @Test func protectedReadsNeedTheTokenButHealthzDoesNot() async throws {
        try await TestServer.with(configure: { $0.protectReads = true }) { server in
            let info = try await server.get("/v1/info").decode(CoordinatorInfo.self)
            #expect(info.readsNeedToken)
            for path in ["/metrics", "/v1/info", "/v1/sweeps", "/v1/workers", "/v1/events"] {
                #expect(try await server.get(path, auth: .none).status == 401, "GET \(path) without token")
                #expect(try await server.get(path, auth: .bearer("nope")).status == 401, "GET \(path) wrong token")
                #expect(try await server.get(path).status == 200, "GET \(path) with token")
            }
            #expect(try await server.get("/healthz", auth: .none).status == 200)
        }
    }

    @Test func withoutATokenEverythingIsOpenOnLoopback() async throws {
        try await TestServer.with(token: nil) { server in
            let reply = try await server.post("/v1/sweeps", json: TestData.grid("open", seeds: 1), auth: .none)
            #expect(reply.status == 200)
        }
    }

    @Test func nonLoopbackWithoutATokenIsRefusedBeforeListening() throws {
        let dir = TestServer.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        for host in ["0.0.0.0", "::", "192.168.1.10", "example.org"] {
            let config = CoordinatorConfiguration(databasePath: dir.appendingPathComponent("db.sqlite").path, host: host)
            #expect(throws: CoordinatorError.self) { _ = try Coordinator(configuration: config) }
            do { _ = try Coordinator(configuration: config) } catch {
                #expect(error.description.contains("refusing to listen on \(host) without a token"))
            }
            // Refused before the database was created.
            #expect(!FileManager.default.fileExists(atPath: config.databasePath))
        }
        for host in ["127.0.0.1", "127.1.2.3", "localhost", "::1", "[::1]"] {
            #expect(LoopbackHost.isLoopback(host), "\(host)")
        }
    }

    @Test func theTokenNeverAppearsInLogsOrErrors() async throws {
        let secret = "very-secret-token-\(UUID().uuidString)"
        try await TestServer.with(token: secret) { server in
            _ = try await server.submit(TestData.grid("logs", seeds: 1))
            let wrong = "wrong-\(secret)"
            let reply = try await server.post("/v1/leases", json: #"{"worker":"w1","slots":1}"#, auth: .bearer(wrong))
            #expect(reply.status == 401)
            #expect(!reply.text.contains(secret))
            _ = try await server.lease(slots: 1)
            let lines = server.logs.all
            #expect(lines.contains { $0.contains("route=/v1/leases") && $0.contains("status=401") })
            #expect(!lines.contains { $0.contains(secret) })
            let config = server.coordinator.configuration
            #expect(!"\(config)".contains(secret))
            #expect("\(config.token!)" == "<redacted token>")
        }
    }
}
