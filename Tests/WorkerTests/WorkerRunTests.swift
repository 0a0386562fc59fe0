import TestSupport
import Foundation
import SweepModel
import Testing
import Worker

@Suite(.serialized) struct WorkerRunTests {
    @Test func leasesTrainsAndPostsEveryTrialOnce() async throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let coordinator = try await TestCoordinator(db: (dir as NSString).appendingPathComponent("sweep.sqlite"))
        let spec = try testGrid(seeds: 4)
        let submitted = try await coordinator.client.submit(spec)
        #expect(submitted.trials == 16)

        let config = testWorkerConfiguration(coordinator.endpoint, dir: dir, slots: 2)
        let worker = try Worker(configuration: config)
        let summary = try await withDeadline(60, "worker run") { try await worker.run(); return worker.summary }

        #expect(summary.trained == 16)
        #expect(summary.stored == 16)
        #expect(summary.duplicates == 0 && summary.rejected == 0)
        #expect(summary.leftInOutbox == 0)
        let status = try await coordinator.client.sweep(spec.sweepId)
        #expect(status.counts == TrialCounts(done: 16))
        let records = try await exportedRecords(coordinator.client, spec.sweepId)
        #expect(records.count == 16)
        let ids = Set(try spec.trials().map(\.id))
        #expect(Set(records.compactMap(\.trialId)) == ids)
        #expect(records.allSatisfy { $0.hasMetrics })
        #expect(try await coordinator.store.checkInvariants() == [])

        // The worker log says what was acknowledged, one `stored` per trial; the outbox is gone.
        let log = try WorkerLog.read(path: config.logPath)
        let stored = log.filter { $0.event == "acked" && $0.status == "stored" }.compactMap(\.trialId)
        #expect(stored.count == 16 && Set(stored).count == 16)
        #expect(!FileManager.default.fileExists(atPath: config.outboxPath))
        try await coordinator.stop()
    }

    @Test func trainingErrorsAreReportedAsFailures() async throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let coordinator = try await TestCoordinator(db: (dir as NSString).appendingPathComponent("sweep.sqlite"))
        // The data set file does not exist on this host (inside its data directory, so it is
        // allowed: another host may have it): every trial throws, and is retried.
        let spec = try testGrid(name: "broken", seeds: 1, momentum: "0", dataset: "csv:\(dir)/missing.csv")
        _ = try await coordinator.client.submit(spec)
        let worker = try Worker(configuration: testWorkerConfiguration(coordinator.endpoint, dir: dir, dataDirectories: [dir]))
        let summary = try await withDeadline(60, "worker run") { try await worker.run(); return worker.summary }

        // Each of the 2 trials fails its 3 attempts (the retry budget), then is failed for good.
        #expect(summary.trained == 0)
        #expect(summary.failed == 6)
        let status = try await coordinator.client.sweep(spec.sweepId)
        #expect(status.counts == TrialCounts(failed: 2))
        let records = try await exportedRecords(coordinator.client, spec.sweepId)
        #expect(records.count == 2)
        #expect(records.allSatisfy { !$0.hasMetrics && ($0.error ?? "").contains("missing.csv") })
        try await coordinator.stop()
    }
}
