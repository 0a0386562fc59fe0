import Worker
import Foundation
import SweepModel
import Testing
import TestSupport
import SweepClient

extension EndToEnd {
    @Suite struct WorkerSignal {
        /// SIGTERM while trials train: the worker takes no new leases, finishes its trials
        /// (within the grace period), posts them, exits 0 with an empty outbox.
        @Test func sigtermFinishesTrialsFlushesAndExitsZero() async throws {
            let cluster = try Cluster()
            defer { cluster.tearDown() }
            try await cluster.startCoordinator()
            // 20 trials of about 0.5 s.
            let grid = try cluster.grid("term", singleReLUGrid(name: "term", steps: 1_000_000, seeds: 10))
            _ = try await cluster.submit(grid)
            let w = try cluster.startWorker("w", slots: 2, exitWhenIdle: false)
            try await waitForStored(cluster, worker: "w", atLeast: 2)
            w.signal(SIGTERM)
            #expect(try await w.waitForExit(seconds: 60) == 0, "\(w.stderr.suffix(2000))")

            #expect(!FileManager.default.fileExists(atPath: cluster.outbox("w")))
            let log = try WorkerLog.read(path: cluster.workerLog("w"))
            let stored = Set(log.filter { $0.event == "acked" && $0.status == "stored" }.compactMap(\.trialId))
            #expect(log.last?.event == "stop" && log.last?.count == 0)
            let status = try await cluster.client.sweep("term")
            // Nothing left leased: the trials in progress were finished and stored.
            #expect(status.counts.leased == 0)
            #expect(status.counts.done == stored.count)
            #expect(status.counts.pending == 20 - stored.count)
            #expect(try await cluster.stopAndCheckDatabase() == [])
        }

        /// SIGTERM with --grace-seconds 0 while long trials train: they are cancelled and their
        /// leases released at once (pending again), exit 0.
        @Test func sigtermWithoutGraceReleasesLeases() async throws {
            let cluster = try Cluster()
            defer { cluster.tearDown() }
            try await cluster.startCoordinator(leaseSeconds: 60)
            let grid = try cluster.grid("endless", singleReLUGrid(name: "endless", steps: 100_000_000, seeds: 1))
            _ = try await cluster.submit(grid)
            let w = try cluster.startWorker("w", slots: 2, exitWhenIdle: false, extra: ["--grace-seconds", "0"])
            try await eventually("two leases", within: 30) { (try? await cluster.client.sweep("endless"))?.counts.leased == 2 }
            w.signal(SIGTERM)
            #expect(try await w.waitForExit(seconds: 30) == 0, "\(w.stderr.suffix(2000))")
            #expect(w.stderr.contains("released 2"))
            let status = try await cluster.client.sweep("endless")
            #expect(status.counts == TrialCounts(pending: 2))
            #expect(try await cluster.stopAndCheckDatabase() == [])
        }

        /// A second SIGTERM skips the grace period: with a grace of 600 s, the first signal
        /// leaves endless trials running; the second releases them at once and the worker exits 0.
        @Test func secondSigtermSkipsTheGracePeriod() async throws {
            let cluster = try Cluster()
            defer { cluster.tearDown() }
            try await cluster.startCoordinator(leaseSeconds: 60)
            let grid = try cluster.grid("twice", singleReLUGrid(name: "twice", steps: 100_000_000, seeds: 1))
            _ = try await cluster.submit(grid)
            let w = try cluster.startWorker("w", slots: 2, exitWhenIdle: false, extra: ["--grace-seconds", "600", "--verbose"])
            // Training, not only leased: a lease not yet on its thread is given back at the first
            // signal (docs/worker.md), which a loaded machine made happen here.
            try await eventually("two trials training", within: 30) { w.stderr.components(separatedBy: "training started").count - 1 >= 2 }
            w.signal(SIGTERM)
            // The first signal waits for the trials (600 s of grace): still running a second later.
            try await Task.sleep(for: .seconds(1))
            #expect(w.isRunning, "exited on the first signal: \(w.stderr.suffix(2000))")
            #expect(try await cluster.client.sweep("twice").counts.leased == 2)
            w.signal(SIGTERM)
            #expect(try await w.waitForExit(seconds: 30) == 0, "\(w.stderr.suffix(2000))")
            #expect(w.stderr.contains("released 2"))
            #expect(try await cluster.client.sweep("twice").counts == TrialCounts(pending: 2))
            #expect(try await cluster.stopAndCheckDatabase() == [])
        }
    }
}

/// Waits until a worker's log shows `atLeast` stored results (bounded).
func waitForStored(_ cluster: Cluster, worker: String, atLeast n: Int, seconds: Double = 60) async throws {
    try await eventually("worker \(worker) storing \(n) results", within: seconds) {
        let log = (try? WorkerLog.read(path: cluster.workerLog(worker))) ?? []
        return log.filter { $0.event == "acked" && $0.status == "stored" }.count >= n
    }
}
