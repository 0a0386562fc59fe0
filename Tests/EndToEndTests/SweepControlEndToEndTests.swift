import Foundation
import SweepClient
import SweepModel
import Testing
import TestSupport

extension EndToEnd {
    /// `relusweep pause|resume|cancel SWEEP` against a real coordinator process: each changes
    /// the sweep's state as the API does; a paused sweep leases nothing; bad names and an
    /// impossible transition are clear errors.
    @Suite struct SweepControl {
        @Test func pauseResumeCancelFromTheCommandLine() async throws {
            let cluster = try Cluster()
            defer { cluster.tearDown() }
            try await cluster.startCoordinator()
            let grid = try cluster.grid("ctl", singleReLUGrid(name: "ctl", steps: 10, seeds: 2))
            _ = try await cluster.submit(grid)
            let token = ["--coordinator", cluster.url, "--token-file", cluster.tokenFile]

            let paused = try await cluster.run(["pause", "ctl"] + token, name: "pause")
            #expect(paused.status == 0, "\(paused.stderr)")
            #expect(paused.stdout.contains("sweep ctl: paused"))
            #expect(try await cluster.client.sweep("ctl").state == .paused)
            // Nothing is leased from a paused sweep.
            #expect(try await cluster.client.lease(LeaseRequest(worker: "probe", slots: 4)).leases.isEmpty)

            let resumed = try await cluster.run(["resume", "ctl", "--json"] + token, name: "resume")
            #expect(resumed.status == 0, "\(resumed.stderr)")
            let status = try JSONDecoder().decode(SweepStatus.self, from: Data(resumed.stdout.utf8))
            #expect(status.state == .running && status.trials == 4)

            let cancelled = try await cluster.run(["cancel", "ctl"] + token, name: "cancel")
            #expect(cancelled.status == 0, "\(cancelled.stderr)")
            #expect(try await cluster.client.sweep("ctl").state == .cancelled)
            let again = try await cluster.run(["pause", "ctl"] + token, name: "pause-cancelled")
            #expect(again.status != 0 && again.stderr.contains("409"), "\(again.stderr)")

            let unknown = try await cluster.run(["pause", "nope"] + token, name: "pause-unknown")
            #expect(unknown.status != 0 && unknown.stderr.contains("404"), "\(unknown.stderr)")
            let invalid = try await cluster.run(["resume", "bad name!"] + token, name: "resume-invalid")
            #expect(invalid.status != 0 && invalid.stderr.contains("SWEEP"), "\(invalid.stderr)")
            #expect(try await cluster.stopAndCheckDatabase() == [])
        }
    }
}
