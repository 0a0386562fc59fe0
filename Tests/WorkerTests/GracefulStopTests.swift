import Foundation
import SweepModel
import Testing
import TestSupport
import Worker

@Suite(.serialized) struct GracefulStopTests {
    /// Stop (as on SIGTERM) while long trials train and the grace period is short: the trials
    /// are cancelled and their leases released at once (pending again, no retry spent).
    @Test func stopReleasesTrialsThatOutlastTheGracePeriod() async throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let coordinator = try await TestCoordinator(db: (dir as NSString).appendingPathComponent("sweep.sqlite"), leaseSeconds: 30)
        // Each trial would train for most of a minute: it can only end in time by cancellation.
        let spec = try testGrid(steps: 100_000_000, seeds: 1)
        _ = try await coordinator.client.submit(spec)
        let worker = try Worker(configuration: testWorkerConfiguration(coordinator.endpoint, dir: dir, slots: 2, graceSeconds: 0.3, prefetch: 0))
        let run = Task { try await worker.run(); return worker.summary }
        try await eventually("two leased trials", within: 20) { worker.summary.leased == 2 }
        worker.stop()
        let summary = try await withDeadline(20, "worker stop") { try await run.value }
        #expect(summary.cancelled == 2)
        #expect(summary.released == 2)
        #expect(summary.trained == 0)
        // Released, not waiting for the 30 s lease to expire.
        let status = try await coordinator.client.sweep(spec.sweepId)
        #expect(status.counts == TrialCounts(pending: 4))
        for t in try spec.trials() {
            #expect(try await coordinator.store.trial(id: t.id)?.attempts == 0)
        }
        try await coordinator.stop()
    }

    /// Stop while short trials train and the grace period is long: they finish and their
    /// results are posted before the worker exits; nothing new is leased.
    @Test func stopFinishesTrialsWithinTheGracePeriod() async throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let coordinator = try await TestCoordinator(db: (dir as NSString).appendingPathComponent("sweep.sqlite"), leaseSeconds: 30)
        // About a second per trial.
        let spec = try testGrid(steps: 2_000_000, seeds: 4)
        _ = try await coordinator.client.submit(spec)
        let worker = try Worker(configuration: testWorkerConfiguration(coordinator.endpoint, dir: dir, slots: 2, graceSeconds: 60, prefetch: 0))
        let run = Task { try await worker.run(); return worker.summary }
        // Both on their threads: a lease still waiting for a slot at the stop is given back untrained.
        try await eventually("two trials training", within: 20) { worker.trialsTraining == 2 }
        worker.stop()
        let summary = try await withDeadline(60, "worker stop") { try await run.value }
        #expect(summary.leased == 2)
        #expect(summary.trained == 2)
        #expect(summary.stored == 2)
        #expect(summary.released == 0)
        let status = try await coordinator.client.sweep(spec.sweepId)
        #expect(status.counts == TrialCounts(pending: 14, done: 2))
        try await coordinator.stop()
    }

    /// The coordinator answers a heartbeat with `stop` (the sweep was cancelled): the worker
    /// abandons those trials and keeps running.
    @Test func coordinatorStopCancelsTheTrial() async throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let coordinator = try await TestCoordinator(db: (dir as NSString).appendingPathComponent("sweep.sqlite"), leaseSeconds: 30)
        let spec = try testGrid(steps: 100_000_000, seeds: 1)
        _ = try await coordinator.client.submit(spec)
        let worker = try Worker(configuration: testWorkerConfiguration(coordinator.endpoint, dir: dir, slots: 2, exitWhenIdle: false,
                                                                      graceSeconds: 60, heartbeat: 0.2, prefetch: 0))
        let run = Task { try await worker.run(); return worker.summary }
        try await eventually("two leased trials", within: 20) { worker.summary.leased == 2 }
        _ = try await coordinator.client.control(spec.sweepId, .cancel)
        try await eventually("trials cancelled by heartbeat answers", within: 20) { worker.summary.cancelled == 2 }
        worker.stop()
        let summary = try await withDeadline(20, "worker stop") { try await run.value }
        #expect(summary.cancelled == 2)
        #expect(summary.released == 0)
        #expect(summary.trained == 0)
        try await coordinator.stop()
    }

    /// Prefetched leases wait for a slot: with 1 slot and prefetch 2 the worker holds 3 leases
    /// while training 1; on stop the 2 waiting are given back at once, untrained, and the one
    /// training is released after the grace period.
    @Test func prefetchedLeasesWaitForASlotAndAreReleasedOnStop() async throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let coordinator = try await TestCoordinator(db: (dir as NSString).appendingPathComponent("sweep.sqlite"), leaseSeconds: 30)
        let spec = try testGrid(steps: 100_000_000, seeds: 1)
        _ = try await coordinator.client.submit(spec)
        let worker = try Worker(configuration: testWorkerConfiguration(coordinator.endpoint, dir: dir, slots: 1, graceSeconds: 0.3,
                                                                      prefetch: 2))
        let run = Task { try await worker.run(); return worker.summary }
        try await eventually("three leased trials, one training", within: 20) { worker.summary.leased == 3 && worker.trialsTraining == 1 }
        // Held beyond the slot, not trained: the coordinator counts 3 leased, 1 pending.
        let leased = try await coordinator.client.sweep(spec.sweepId)
        #expect(leased.counts == TrialCounts(pending: 1, leased: 3))
        worker.stop()
        let summary = try await withDeadline(20, "worker stop") { try await run.value }
        #expect(summary.leased == 3)
        #expect(summary.cancelled == 3 && summary.released == 3 && summary.trained == 0)
        let status = try await coordinator.client.sweep(spec.sweepId)
        #expect(status.counts == TrialCounts(pending: 4))
        try await coordinator.stop()
    }
}
