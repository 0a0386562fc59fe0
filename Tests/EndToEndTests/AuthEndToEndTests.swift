import Foundation
import SweepModel
import Testing
import SweepClient

extension EndToEnd {
    @Suite struct Auth {
        /// Every mutating route without a token or with a wrong one: 401, and nothing changes.
        @Test func mutatingRoutesNeedTheToken() async throws {
            let cluster = try Cluster()
            defer { cluster.tearDown() }
            try await cluster.startCoordinator()
            let grid = try cluster.grid("auth", singleReLUGrid(name: "auth", steps: 500, seeds: 2))
            _ = try await cluster.submit(grid)
            let before = try await cluster.client.sweeps()
            let spec = try GridSpec.load(path: grid, overrides: [try GridOverride(parsing: "seeds=9")])
            let someLease = String(repeating: "a", count: 32)

            for token in [nil, "wrong-token"] as [String?] {
                let c = CoordinatorClient(endpoint: try CoordinatorEndpoint(url: cluster.url, token: token), timeout: .seconds(10))
                func expect401(_ what: String, _ call: () async throws -> Void) async {
                    do {
                        try await call()
                        Issue.record("\(what) with token \(token ?? "none") succeeded")
                    } catch {
                        let status = (error as? CoordinatorClientError)?.status
                        #expect(status == 401, "\(what): \(error)")
                    }
                }
                await expect401("submit") { _ = try await c.submit(spec) }
                await expect401("lease") { _ = try await c.lease(LeaseRequest(worker: "intruder", slots: 4)) }
                await expect401("heartbeat") { _ = try await c.heartbeat(HeartbeatRequest(worker: "intruder", leaseIds: [someLease])) }
                await expect401("release") { _ = try await c.release(ReleaseRequest(worker: "intruder", leaseIds: [someLease])) }
                await expect401("results") { _ = try await c.post(ResultBatch(results: [])) }
                await expect401("pause") { _ = try await c.control("auth", .pause) }
                await expect401("cancel") { _ = try await c.control("auth", .cancel) }
            }
            // The CLI says what to do.
            try "wrong\n".write(toFile: cluster.path("wrong-token"), atomically: true, encoding: .utf8)
            let cli = try await cluster.run(["submit", grid, "--coordinator", cluster.url, "--token-file", cluster.path("wrong-token")], name: "submit-wrong")
            #expect(cli.status != 0)
            #expect(cli.stderr.contains("401") && cli.stderr.contains("--token-file"))

            let after = try await cluster.client.sweeps()
            #expect(after.sweeps.map(\.counts) == before.sweeps.map(\.counts))
            #expect(after.sweeps.map(\.state) == [.running])
            #expect(after.sweeps.map(\.trials) == [4])
            #expect(after.workers.isEmpty)
            #expect(try await cluster.stopAndCheckDatabase() == [])
        }
    }
}
