import TestSupport
import Foundation
import SweepModel
import Testing
import Worker

/// What a worker tells the coordinator about itself in its lease requests: its training slots
/// and prefetch, apart from the trials it asks for (its lookahead asks for many more).
@Suite(.serialized) struct LeaseRequestSlotsTests {
    @Test func aWorkerWithTwoSlotsShowsTwoSlotsNotItsLeaseBatch() async throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let coordinator = try await TestCoordinator(db: (dir as NSString).appendingPathComponent("sweep.sqlite"))
        _ = try await coordinator.client.submit(try testGrid(steps: 20, seeds: 10))
        let worker = try Worker(configuration: testWorkerConfiguration(coordinator.endpoint, dir: dir, slots: 2))
        _ = try await withDeadline(60, "worker run") { try await worker.run(); return worker.summary }

        let shown = try #require(try await coordinator.client.workers(all: true).workers.first { $0.name == "w1" })
        #expect(shown.slots == 2)
        // Automatic lookahead: at least the slots held ready beyond them, and each request asks
        // for every free place (slots + prefetch), more than the slots.
        let prefetch = try #require(shown.prefetch)
        #expect(prefetch >= 2)
        let requested = try #require(shown.requested)
        #expect(requested > 2, "the last request asked for \(requested): the test does not tell slots from the batch")
        try await coordinator.stop()
    }
}
