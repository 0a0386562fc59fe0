import Foundation
import SweepModel
import Testing
import TestSupport
import Worker

@Suite(.serialized) struct OutageTests {
    /// A worker started while its coordinator is down backs off and retries; when the
    /// coordinator comes up (on the same address) it works through the sweep.
    @Test func backsOffWhileDownThenFinishes() async throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let db = (dir as NSString).appendingPathComponent("sweep.sqlite")
        // Learn a free port: start a coordinator, submit, stop it.
        let first = try await TestCoordinator(db: db)
        let port = first.port
        let spec = try testGrid(seeds: 2)
        _ = try await first.client.submit(spec)
        try await first.stop()

        let config = testWorkerConfiguration(first.endpoint, dir: dir)
        let worker = try Worker(configuration: config)
        let run = Task { try await worker.run(); return worker.summary }
        // Down: the worker keeps retrying.
        try await eventually("lease retries while the coordinator is down", within: 10) { worker.summary.leaseRetries >= 3 }
        #expect(worker.summary.leased == 0)

        let second = try await TestCoordinator(db: db, port: port)
        let summary = try await withDeadline(60, "worker run after the coordinator came up") { try await run.value }
        #expect(summary.leaseRetries >= 3)
        #expect(summary.stored == 8)
        let status = try await second.client.sweep(spec.sweepId)
        #expect(status.counts == TrialCounts(done: 8))
        try await second.stop()
    }

    /// The coordinator goes away while the worker trains: results wait in the outbox, posts are
    /// retried, and after a restart on the same database every trial has exactly one result.
    @Test func resultsWaitInTheOutboxAcrossARestart() async throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let db = (dir as NSString).appendingPathComponent("sweep.sqlite")
        let first = try await TestCoordinator(db: db)
        let port = first.port
        // Trials long enough (about half a second each) to be in flight at the stop.
        let spec = try testGrid(steps: 1_000_000, seeds: 3)
        _ = try await first.client.submit(spec)
        let config = testWorkerConfiguration(first.endpoint, dir: dir, slots: 2)
        let worker = try Worker(configuration: config)
        let run = Task { try await worker.run(); return worker.summary }
        try await eventually("first results", within: 30) { worker.summary.stored >= 2 }
        try await first.stop()
        try await eventually("post retries while down", within: 30) { worker.summary.postRetries + worker.summary.leaseRetries >= 2 }

        let second = try await TestCoordinator(db: db, port: port)
        let summary = try await withDeadline(90, "worker run after restart") { try await run.value }
        #expect(summary.leftInOutbox == 0)
        let records = try await exportedRecords(second.client, spec.sweepId)
        #expect(records.count == 12)
        #expect(Set(records.compactMap(\.trialId)).count == 12)
        #expect(try await second.store.checkInvariants() == [])
        // Everything the worker logged as stored is in the database.
        let stored = Set(try WorkerLog.read(path: config.logPath).filter { $0.event == "acked" && $0.status == "stored" }.compactMap(\.trialId))
        #expect(stored.isSubset(of: Set(records.compactMap(\.trialId))))
        try await second.stop()
    }
}
