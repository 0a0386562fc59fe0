import TestSupport
import Foundation
import Logging
import SweepClient
import SweepModel
import Testing
import Worker

/// Issue 16, point 3, the worker's side: its outbox's disk fills up (a small tmpfs, filled on
/// purpose). The outbox never keeps half a line; the worker stops leasing, gives back the
/// leases it has not started, says why, posts what it trained from memory, and carries on
/// when there is space again, losing nothing.
@Suite(.serialized, .timeLimit(.minutes(3)))
struct OutboxDiskFullTests {
    @Test(.enabled("mounting a tmpfs needs root") { Tmpfs.available() })
    func aFailedAppendLeavesTheOutboxWhole() async throws {
        try await Tmpfs.with(kibibytes: 256) { dir in
            let path = (dir as NSString).appendingPathComponent("outbox.jsonl")
            let outbox = try Outbox(path: path)
            try outbox.append((0..<3).map { sampleItem(trial: $0) })
            let before = try String(contentsOfFile: path, encoding: .utf8)
            try Tmpfs.fill(dir)
            #expect {
                try outbox.append((3..<40).map { sampleItem(trial: $0) })
            } throws: { e in
                (e as? WorkerError)?.description.contains("No space left on device") == true
            }
            // Cut back to the last whole line: nothing torn, nothing lost.
            #expect(try String(contentsOfFile: path, encoding: .utf8) == before)
            #expect(outbox.pendingCount == 3)
            #expect(outbox.probeWritable() != nil)
            Tmpfs.free(dir)
            #expect(outbox.probeWritable() == nil)
            try outbox.append((3..<40).map { sampleItem(trial: $0) })
            try outbox.close()
            let reopened = try Outbox(path: path)
            #expect(reopened.unreadableLines == 0)
            #expect(reopened.pendingCount == 40)
            try reopened.close()
        }
    }

    @Test(.enabled("mounting a tmpfs needs root") { Tmpfs.available() })
    func aWorkerWithAFullOutboxDiskStopsLeasingReleasesAndResumes() async throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let coordinator = try await TestCoordinator(db: (dir as NSString).appendingPathComponent("sweep.sqlite"))
        // About 45 ms per trial: several are held when the disk fills.
        let spec = try testGrid(steps: 100_000, seeds: 10)
        _ = try await coordinator.client.submit(spec)
        try await Tmpfs.with(kibibytes: 512) { tmp in
            var config = testWorkerConfiguration(coordinator.endpoint, dir: tmp, slots: 2, prefetch: 4)
            config.logPath = (dir as NSString).appendingPathComponent("w1.log.jsonl")
            try Tmpfs.fill(tmp)
            let logs = CapturedLines()
            let worker = try Worker(configuration: config, logger: logs.logger())
            let run = Task { try await worker.run() }
            // The first results cannot be written: leasing stops, waiting leases go back.
            try await eventually("the worker notices the full disk", within: 30) { worker.summary.outboxStalls == 1 }
            try await eventually("leases not yet training released", within: 30) { worker.summary.released >= 1 }
            try await eventually("the trials that were training are posted from memory", within: 30) { worker.summary.stored >= 1 }
            let leased = worker.summary.leased
            try await Task.sleep(for: .seconds(1))
            #expect(worker.summary.leased == leased, "no new leases while the outbox cannot be written")
            #expect(try await coordinator.client.sweep(spec.sweepId).counts.leased == 0)
            #expect(logs.all.contains { $0.hasPrefix("error") && $0.contains("No space left on device") && $0.contains("no new leases") },
                    "\(logs.all.filter { $0.hasPrefix("error") })")

            Tmpfs.free(tmp)
            let summary = try await withDeadline(90, "the worker finishes after space returns") { try await run.value; return worker.summary }
            #expect(summary.outboxStalls == 1)
            #expect(summary.leased > leased)
            #expect(summary.leftInOutbox == 0)
            #expect(logs.all.contains { $0.contains("can be written again") })
        }
        let records = try await exportedRecords(coordinator.client, spec.sweepId)
        #expect(records.count == 40)
        #expect(Set(records.compactMap(\.trialId)).count == 40)
        #expect(try await coordinator.store.checkInvariants() == [])
        try await coordinator.stop()
    }
}
