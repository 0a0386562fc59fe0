import TestSupport
import Foundation
import ReLUCore
import SweepClient
import SweepModel
import SweepStore
import Testing
import Worker

/// Issue 16, point 3, the coordinator's side: its database's file system fills up (a small
/// tmpfs, filled on purpose) while a worker trains. Writes are refused with 503 and a clear
/// message, nothing is acknowledged that was not committed, the worker keeps its results in
/// the outbox and retries, and once there is space the sweep completes with every trial
/// recorded exactly once.
@Suite(.serialized, .timeLimit(.minutes(3)))
struct CoordinatorDiskFullTests {
    @Test(.enabled("mounting a tmpfs needs root") { Tmpfs.available() })
    func aFullDatabaseDiskIs503UntilSpaceReturnsAndLosesNothing() async throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try await Tmpfs.with(kibibytes: 8 << 10) { tmp in
            let db = (tmp as NSString).appendingPathComponent("sweep.sqlite")
            let coordinator = try await TestCoordinator(db: db, leaseSeconds: 5)
            do {
                // About 45 ms per trial, 2 slots: the sweep is under way when the disk fills.
                let spec = try testGrid(steps: 100_000, seeds: 15)
                _ = try await coordinator.client.submit(spec)
                let client = coordinator.client
                // A result of our own, for a request made while the disk is full.
                let probe = try #require(try await client.lease(LeaseRequest(worker: "probe", slots: 1, host: "h")).leases.first)
                let probeItem = ResultItem(leaseId: probe.leaseId, epoch: probe.epoch, trialId: probe.trialId,
                                           metrics: try Trainer().run(probe.config), provenance: Provenance(worker: "probe", host: "h"))
                let config = testWorkerConfiguration(coordinator.endpoint, dir: dir, slots: 2)
                let worker = try Worker(configuration: config)
                let run = Task { try await worker.run() }
                try await eventually("first results stored", within: 60) { worker.summary.stored >= 4 }

                try Tmpfs.fill(tmp)
                // The worker's posts (or leases) are refused: it backs off, keeps the results.
                try await eventually("requests refused while the disk is full", within: 60) {
                    worker.summary.postRetries + worker.summary.leaseRetries >= 3
                }
                var refused: CoordinatorClientError?
                do { _ = try await client.post(ResultBatch(results: [probeItem])) } catch { refused = error as? CoordinatorClientError }
                #expect(refused?.status == 503, "\(String(describing: refused))")
                #expect(refused?.isRetryable == true)
                #expect(refused?.description.contains("disk is full") == true, "\(String(describing: refused))")
                #expect(refused?.description.contains(db) == true)
                // Nothing changes while the disk is full (reads still work).
                let frozen = try await client.sweep(spec.sweepId).counts
                try await Task.sleep(for: .seconds(1))
                #expect(try await client.sweep(spec.sweepId).counts == frozen)

                Tmpfs.free(tmp)
                #expect(try await client.post(ResultBatch(results: [probeItem])).results.map(\.status) == [.stored])
                let summary = try await withDeadline(120, "the worker finishes once there is space") { try await run.value; return worker.summary }
                #expect(summary.leftInOutbox == 0)
                #expect(summary.postRetries + summary.leaseRetries >= 3)

                let records = try await exportedRecords(client, spec.sweepId)
                #expect(records.count == 60)
                #expect(Set(records.compactMap(\.trialId)).count == 60)
                // Every result the worker was told was stored is in the database.
                let acked = Set(try WorkerLog.read(path: config.logPath).filter { $0.event == "acked" && $0.status == "stored" }.compactMap(\.trialId))
                #expect(acked.isSubset(of: Set(records.compactMap(\.trialId))))
                #expect(acked.count == summary.stored)
                try await coordinator.stop()
            } catch {
                try? await coordinator.stop()
                throw error
            }
            // Reopened from the file: what was acknowledged was committed.
            let store = try SweepStore(path: db)
            #expect(try await store.statusList().sweeps.first?.counts.done == 60)
            #expect(try await store.checkInvariants() == [])
            try store.close()
        }
    }
}
