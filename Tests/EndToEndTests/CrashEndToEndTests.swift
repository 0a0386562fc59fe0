import Worker
import Foundation
import SweepModel
import SweepStore
import Testing
import SweepClient

extension EndToEnd {
    @Suite struct Crash {
        /// SIGKILL a worker while it holds leases: after the (3 s) leases expire its trials go
        /// to another worker and finish; expiry spends no retry.
        @Test func killedWorkersTrialsAreLeasedAgainAfterExpiry() async throws {
            let cluster = try Cluster()
            defer { cluster.tearDown() }
            try await cluster.startCoordinator(leaseSeconds: 3)
            // About 2 s per trial, so the kill lands mid-lease.
            let grid = try cluster.grid("long", singleReLUGrid(name: "long", steps: 4_000_000, targetStds: [0.01, 1, 10], seeds: 2))
            _ = try await cluster.submit(grid)
            let doomed = try cluster.startWorker("doomed", slots: 2)
            let deadline = ContinuousClock.now + .seconds(30)
            while (try? await cluster.client.sweep("long"))?.counts.leased != 2 {
                guard ContinuousClock.now < deadline else { throw E2EFailure("the worker never held 2 leases: \(doomed.stderr)") }
                try await Task.sleep(for: .milliseconds(50))
            }
            doomed.signal(SIGKILL)
            _ = try await doomed.waitForExit(seconds: 10)

            let survivor = try cluster.startWorker("survivor", slots: 2)
            #expect(try await survivor.waitForExit(seconds: 120) == 0, "\(survivor.stderr.suffix(2000))")
            let records = try await cluster.results("long")
            #expect(records.count == 6)
            #expect(Set(records.map(\.trialId)).count == 6)
            #expect(records.allSatisfy { $0.metrics != nil })

            #expect(try await cluster.stopAndCheckDatabase() == [])
            let store = try SweepStore(path: cluster.db)
            defer { try? store.close() }
            let events = try await store.events(limit: 10_000)
            // Both leases of the killed worker expired (the event names the holder).
            #expect(events.filter { $0.kind == "expire" && $0.worker == "doomed" }.count == 2)
            var releasedAgain = 0
            for r in records {
                let info = try #require(try await store.trial(id: r.trialId))
                #expect(info.attempts == 0)
                if info.epoch >= 2 { releasedAgain += 1 }
            }
            // The two trials of the killed worker, and any whose heartbeat came late on this
            // loaded machine (expiry is free: attempts stay 0).
            #expect(releasedAgain >= 2)
        }

        /// SIGKILL the coordinator mid-sweep and restart it on the same database and port: the
        /// workers ride through the outage (backoff, outbox) and the sweep completes with no
        /// result lost or duplicated; everything a worker logged as stored is in the export.
        @Test func killedCoordinatorRestartsOnTheSameDatabase() async throws {
            let cluster = try Cluster()
            defer { cluster.tearDown() }
            try await cluster.startCoordinator(leaseSeconds: 5)
            // 72 trials of about 0.15 s.
            let grid = try cluster.grid("restart", singleReLUGrid(name: "restart", steps: 300_000, targetStds: [0.001, 0.01, 0.1, 1, 10, 100], seeds: 12))
            _ = try await cluster.submit(grid)
            let a = try cluster.startWorker("a")
            let b = try cluster.startWorker("b")
            let deadline = ContinuousClock.now + .seconds(60)
            while ((try? await cluster.client.sweep("restart"))?.counts.done ?? 0) < 20 {
                guard ContinuousClock.now < deadline else { throw E2EFailure("no progress before the kill") }
                try await Task.sleep(for: .milliseconds(50))
            }
            cluster.coordinator?.signal(SIGKILL)
            _ = try await cluster.coordinator?.waitForExit(seconds: 10)
            try await Task.sleep(for: .milliseconds(1500))
            #expect(a.isRunning && b.isRunning, "workers must ride through the outage")
            try await cluster.startCoordinator(leaseSeconds: 5)

            #expect(try await a.waitForExit(seconds: 120) == 0, "\(a.stderr.suffix(2000))")
            #expect(try await b.waitForExit(seconds: 120) == 0, "\(b.stderr.suffix(2000))")
            let records = try await cluster.results("restart")
            let ids = records.map(\.trialId)
            #expect(ids.count == 72)
            #expect(Set(ids).count == 72)
            var stored = Set<String>()
            for w in ["a", "b"] {
                let log = try WorkerLog.read(path: cluster.workerLog(w))
                stored.formUnion(log.filter { $0.event == "acked" && ($0.status == "stored" || $0.status == "duplicate") }.compactMap(\.trialId))
                // Flushed: nothing left in the outbox.
                let left = (try? String(contentsOfFile: cluster.outbox(w), encoding: .utf8)) ?? ""
                #expect(left.isEmpty)
            }
            #expect(stored.isSubset(of: Set(ids)))
            // The outage was felt: posts or leases failed and were retried.
            #expect((a.stderr + b.stderr).contains("unreachable") || (a.stderr + b.stderr).contains("posting results failed"))
            #expect(try await cluster.stopAndCheckDatabase() == [])
        }
    }
}
