import TestSupport
import Foundation
import SweepModel
import Testing
import Worker

@Suite(.serialized) struct HeartbeatTests {
    /// Trials that outlast a 4 s lease about twice over are kept alive by heartbeats at the
    /// period derived from the coordinator's lease length (1 s): no lease expires, no trial is
    /// leased twice. Real time on purpose (it tests the worker's timer); the 4x margin keeps it
    /// green on a loaded machine, where 1 s and 2 s leases expired between two beats (CI at load 6).
    @Test func heartbeatsKeepShortLeasesAlive() async throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let coordinator = try await TestCoordinator(db: (dir as NSString).appendingPathComponent("sweep.sqlite"), leaseSeconds: 4)
        // About 7-11 s per trial.
        let spec = try testGrid(steps: 16_000_000, seeds: 1, momentum: "0.9")
        _ = try await coordinator.client.submit(spec)
        let worker = try Worker(configuration: testWorkerConfiguration(coordinator.endpoint, dir: dir, slots: 2))
        let summary = try await withDeadline(120, "worker run") { try await worker.run(); return worker.summary }
        #expect(summary.stored == 2)
        #expect(summary.cancelled == 0)
        for t in try spec.trials() {
            #expect(try await coordinator.store.trial(id: t.id)?.epoch == 1)
        }
        let expired = try await coordinator.store.events(limit: 10_000).filter { $0.kind == "expire" }
        #expect(expired.isEmpty)
        try await coordinator.stop()
    }
}
