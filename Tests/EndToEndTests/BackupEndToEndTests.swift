import Foundation
import SweepModel
import SweepStore
import Testing

extension EndToEnd {
    /// Issue 16, point 4: `relusweep backup` copies the database while the coordinator serves a
    /// working worker; a coordinator started on the copy continues every sweep to the end.
    @Suite struct Backup {
        @Test func aCopyTakenWhileServingContinuesEverySweep() async throws {
            let cluster = try Cluster()
            defer { cluster.tearDown() }
            try await cluster.startCoordinator(leaseSeconds: 3)
            // About 20 ms per trial: the sweep is well under way, not over, when the copy is taken.
            let a = try cluster.grid("backup-a", singleReLUGrid(name: "backup-a", steps: 40_000, targetStds: [0.01, 0.1, 1, 10], seeds: 60))
            let b = try cluster.grid("backup-b", singleReLUGrid(name: "backup-b", steps: 40_001, targetStds: [0.01, 1], seeds: 30))
            #expect(try await cluster.submit(a).trials == 240)
            #expect(try await cluster.submit(b, name: "submit-b").trials == 60)
            let w = try cluster.startWorker("w", slots: 2)
            let deadline = ContinuousClock.now + .seconds(120)
            while try await cluster.client.sweep("backup-a").counts.done < 40 {
                guard ContinuousClock.now < deadline, w.isRunning else { throw E2EFailure("the worker made no progress: \(w.stderr.suffix(2000))") }
                try await Task.sleep(for: .milliseconds(50))
            }
            let copy = cluster.path("copy.sqlite")
            let backup = try await cluster.run(["backup", "--db", cluster.db, "--out", copy], name: "backup", seconds: 60)
            #expect(backup.status == 0, "\(backup.stderr)")
            #expect(backup.stdout.contains("2 sweeps, 300 trials"), "\(backup.stdout)")
            #expect(backup.stdout.contains("integrity ok"))
            // The coordinator kept serving: the worker finishes the sweeps on the original.
            #expect(try await w.waitForExit(seconds: 180) == 0, "\(w.stderr.suffix(2000))")
            #expect(try await cluster.stopAndCheckDatabase() == [])

            let check = try await cluster.run(["check", "--db", copy], name: "check-copy")
            #expect(check.status == 0, "\(check.stdout) \(check.stderr)")
            #expect(check.stdout.contains("integrity: ok"))
            let copied = try SweepStore(path: copy)
            let atCopy = try await copied.statusList().sweeps
            try copied.close()
            let doneAtCopy = atCopy.first { $0.id == "backup-a" }?.counts.done ?? 0
            #expect(doneAtCopy >= 40 && doneAtCopy < 240, "the copy should hold the sweep part-way: \(doneAtCopy)")

            // The copy in place of the database: a new coordinator continues both sweeps.
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: cluster.db + suffix) }
            try FileManager.default.moveItem(atPath: copy, toPath: cluster.db)
            try await cluster.startCoordinator(leaseSeconds: 3)
            let w2 = try cluster.startWorker("w2", slots: 2)
            #expect(try await w2.waitForExit(seconds: 180) == 0, "\(w2.stderr.suffix(2000))")
            for (sweep, n) in [("backup-a", 240), ("backup-b", 60)] {
                let status = try await cluster.client.sweep(sweep)
                #expect(status.state == .finished && status.counts.done == n, "\(sweep): \(status.counts)")
                let records = try await cluster.results(sweep)
                #expect(records.count == n && Set(records.map(\.trialId)).count == n, "\(sweep): every trial once")
            }
            #expect(try await cluster.stopAndCheckDatabase() == [])
        }
    }

    /// Issue 16, point 4: a damaged database stops the coordinator before it listens, with a
    /// message naming the file and what to do; `relusweep check` reports the damage.
    @Suite struct CorruptDatabase {
        @Test func aHalfWrittenDatabaseIsRefusedByTheCoordinatorAndReportedByCheck() async throws {
            let cluster = try Cluster()
            defer { cluster.tearDown() }
            try await cluster.startCoordinator()
            let grid = try cluster.grid("damaged", singleReLUGrid(name: "damaged", steps: 100, targetStds: [0.01, 0.1, 1, 10], seeds: 100))
            #expect(try await cluster.submit(grid).trials == 400)
            #expect(try await cluster.stopAndCheckDatabase() == [])
            // One self-contained file (the WAL folded in), then cut in half as by a crash mid-copy.
            let whole = cluster.path("whole.sqlite")
            _ = try SweepStore.backup(path: cluster.db, to: whole)
            let data = try Data(contentsOf: URL(fileURLWithPath: whole))
            #expect(data.count > 16 * 4096)
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: cluster.db + suffix) }
            try data.prefix(data.count / 2).write(to: URL(fileURLWithPath: cluster.db))

            let c = try Spawned(["coordinator", "--db", cluster.db, "--port", "0", "--token-file", cluster.tokenFile], name: "damaged-coordinator", dir: cluster.dir)
            defer { c.kill() }
            #expect(try await c.waitForExit(seconds: 30) != 0)
            #expect(!c.stdout.contains("listening on"))
            #expect(c.stderr.contains(cluster.db) && c.stderr.contains("damaged"), "\(c.stderr)")
            #expect(c.stderr.contains("relusweep backup") && c.stderr.contains("relusweep check"), "\(c.stderr)")

            let check = try await cluster.run(["check", "--db", cluster.db], name: "check-damaged")
            #expect(check.status == 1)
            #expect(check.stdout.contains("damaged:"), "\(check.stdout)")
        }
    }
}
