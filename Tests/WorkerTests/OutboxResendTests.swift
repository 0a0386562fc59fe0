import TestSupport
import Foundation
import ReLUCore
import SweepModel
import Testing
import Worker

@Suite(.serialized) struct OutboxResendTests {
    /// A worker died after training leased trials and before posting: its outbox (written here
    /// by hand) holds the results. A new worker on that outbox sends them first; each trial
    /// ends with exactly one result, and the ones already stored answer `duplicate`.
    @Test func outboxIsResentOnStartAndStoredExactlyOnce() async throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let coordinator = try await TestCoordinator(db: (dir as NSString).appendingPathComponent("sweep.sqlite"))
        let spec = try testGrid(seeds: 2)
        _ = try await coordinator.client.submit(spec)
        let client = coordinator.client

        // The dead worker's leases and results.
        let granted = try await client.lease(LeaseRequest(worker: "dead-worker", slots: 5, host: "old-host")).leases
        #expect(granted.count == 5)
        var items: [ResultItem] = []
        for g in granted {
            let metrics = try Trainer().run(g.config)
            items.append(ResultItem(leaseId: g.leaseId, epoch: g.epoch, trialId: g.trialId, metrics: metrics,
                                    provenance: Provenance(worker: "dead-worker", host: "old-host")))
        }
        // One of them did reach the coordinator before the crash.
        let first = try await client.post(ResultBatch(results: [items[0]]))
        #expect(first.results.map(\.status) == [.stored])

        let config = testWorkerConfiguration(coordinator.endpoint, dir: dir, name: "w2")
        let encoder = JSONEncoder()
        // Hand-written outbox: one ResultItem per line, plus a line repeated.
        let lines = try (items + [items[1]]).map { String(decoding: try encoder.encode($0), as: UTF8.self) }
        try (lines.joined(separator: "\n") + "\n").write(toFile: config.outboxPath, atomically: true, encoding: .utf8)

        let worker = try Worker(configuration: config)
        let summary = try await withDeadline(60, "worker run") { try await worker.run(); return worker.summary }
        #expect(summary.resent == 5)
        #expect(summary.duplicates == 1)
        // 4 re-sent results stored, plus the 3 trials nobody had leased, trained now.
        #expect(summary.trained == 3)
        #expect(summary.stored == 4 + 3)

        let records = try await exportedRecords(client, spec.sweepId)
        #expect(records.count == 8)
        #expect(Set(records.compactMap(\.trialId)).count == 8)
        // The re-sent results are the dead worker's (same metrics), not retrained ones.
        for item in items {
            let line = try #require(records.first { $0.trialId == item.trialId })
            let record = try TrialRecord.parse(jsonLine: line.text)
            #expect(record.metrics?.deterministicPart == item.metrics?.deterministicPart)
        }
        #expect(try await coordinator.store.checkInvariants() == [])
        let log = try WorkerLog.read(path: config.logPath)
        #expect(log.contains { $0.event == "resend" && $0.count == 5 })
        #expect(log.filter { $0.event == "acked" && $0.status == "duplicate" }.map(\.trialId) == [items[0].trialId])
        try await coordinator.stop()
    }
}
