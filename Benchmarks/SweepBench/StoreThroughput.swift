import Foundation
import ReLUCore
import SweepModel
import SweepStore

/// Measures the store alone (no HTTP), `SweepBench --store-trials N`, never for tests: trivial
/// results recorded per second, durable (WAL, synchronous = FULL).
///
/// 1. record: every trial is leased first, then `writers` concurrent tasks record the results
///    in batches of `batch` (group commit merges concurrent batches);
/// 2. lease+record: a fresh sweep; `writers` tasks each loop lease(batch) -> record.
enum StoreThroughput {
    struct Report: Sendable, CustomStringConvertible {
        var trials: Int
        var batch: Int
        var writers: Int
        /// Phase 1: wall seconds and process CPU seconds (user + system) while recording.
        var recordSeconds: Double
        var recordCPUSeconds: Double
        /// Phase 2: wall seconds of the lease + record loop.
        var loopSeconds: Double

        var recordedPerSecond: Double { Double(trials) / recordSeconds }
        var recordedPerCPUSecond: Double { Double(trials) / recordCPUSeconds }
        var loopPerSecond: Double { Double(trials) / loopSeconds }

        var description: String {
            "store, \(trials) trivial results, batches of \(batch), \(writers) writer(s): "
                + "record \(Int(recordedPerSecond))/s (\(Int(recordedPerCPUSecond)) per CPU-second); "
                + "lease+record \(Int(loopPerSecond))/s"
        }
    }

    /// Runs in fresh databases under `directory` (deleted afterwards).
    static func run(trials: Int = 40_000, batch: Int = 64, writers: Int = 1,
                           directory: URL = FileManager.default.temporaryDirectory) async throws -> Report {
        let dir = directory.appendingPathComponent("relusweep-store-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let spec = try GridSpec.parse("""
            name: store-bench
            base: { model: single, dataset: relu1d, steps: 0 }
            seeds: \(trials)
            """, file: "store-bench")

        // 1. Record only.
        let store = try SweepStore(path: dir.appendingPathComponent("record.sqlite").path)
        _ = try await store.submit(spec)
        var grants: [LeaseGrant] = []
        while grants.count < trials {
            let l = try await store.lease(worker: "bench", host: "localhost", slots: LeaseRequest.maxSlots, leaseSeconds: 3600)
            if l.leases.isEmpty { break }
            grants += l.leases
        }
        let batches = stride(from: 0, to: grants.count, by: batch).map { start in
            grants[start..<min(start + batch, grants.count)].map {
                ResultItem(leaseId: $0.leaseId, epoch: $0.epoch, trialId: $0.trialId, metrics: BenchCoordinator.trivialMetrics,
                           provenance: Provenance(worker: "bench", host: "localhost"))
            }
        }
        let cpu0 = processCPUSeconds()
        let t0 = ContinuousClock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            for w in 0..<writers {
                group.addTask {
                    for i in stride(from: w, to: batches.count, by: writers) { _ = try await store.record(batches[i]) }
                }
            }
            try await group.waitForAll()
        }
        let recordWall = seconds(ContinuousClock.now - t0)
        let recordCPU = processCPUSeconds() - cpu0
        try store.close()

        // 2. Lease + record loop.
        let loopStore = try SweepStore(path: dir.appendingPathComponent("loop.sqlite").path)
        _ = try await loopStore.submit(spec)
        let t1 = ContinuousClock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            for w in 0..<writers {
                group.addTask {
                    let name = "bench-\(w)"
                    while true {
                        let lease = try await loopStore.lease(worker: name, host: "localhost", slots: batch)
                        if lease.leases.isEmpty {
                            if lease.finished { return }
                            try await Task.sleep(for: .milliseconds(5))
                            continue
                        }
                        _ = try await loopStore.record(lease.leases.map {
                            ResultItem(leaseId: $0.leaseId, epoch: $0.epoch, trialId: $0.trialId, metrics: BenchCoordinator.trivialMetrics,
                                       provenance: Provenance(worker: name, host: "localhost"))
                        })
                    }
                }
            }
            try await group.waitForAll()
        }
        let loopWall = seconds(ContinuousClock.now - t1)
        try loopStore.close()
        return Report(trials: trials, batch: batch, writers: writers, recordSeconds: recordWall,
                      recordCPUSeconds: recordCPU, loopSeconds: loopWall)
    }

    static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
    }

    /// User + system CPU seconds of this process (all threads).
    static func processCPUSeconds() -> Double {
        var u = rusage()
        #if os(Linux)
        getrusage(RUSAGE_SELF.rawValue, &u)
        #else
        getrusage(RUSAGE_SELF, &u)
        #endif
        return Double(u.ru_utime.tv_sec) + Double(u.ru_utime.tv_usec) * 1e-6
            + Double(u.ru_stime.tv_sec) + Double(u.ru_stime.tv_usec) * 1e-6
    }
}
