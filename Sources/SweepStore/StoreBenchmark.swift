import Foundation
import ReLUCore
import SweepModel

/// Measures the store alone (no HTTP): trivial results recorded per second, durable
/// (synchronous = FULL), in batches, by `writers` concurrent simulated workers that each lease
/// a batch and record it. For `make bench` (ReLUSweepBench calls `run`); never for tests.
public enum StoreBenchmark {
    public struct Report: Sendable, CustomStringConvertible {
        public var trials: Int
        public var batch: Int
        public var writers: Int
        /// Seconds spent in `record` calls (summed over writers, divided by writers).
        public var recordSeconds: Double
        /// Wall seconds of the whole lease + record loop.
        public var wallSeconds: Double
        /// trials / wallSeconds: results leased, recorded and committed per second.
        public var resultsPerSecond: Double { Double(trials) / wallSeconds }

        public var description: String {
            let rate = Int(resultsPerSecond)
            return "store: \(trials) trivial results, batches of \(batch), \(writers) writer(s): "
                + "\(rate) results/s leased+recorded (wall \(String(format: "%.2f", wallSeconds)) s)"
        }
    }

    /// Runs in a fresh database under `directory` (deleted afterwards).
    public static func run(trials: Int = 20_000, batch: Int = 64, writers: Int = 4,
                           directory: URL = FileManager.default.temporaryDirectory) async throws -> Report {
        let dir = directory.appendingPathComponent("relusweep-store-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try SweepStore(path: dir.appendingPathComponent("bench.sqlite").path)
        defer { try? store.close() }
        let spec = try GridSpec.parse("""
            name: store-bench
            base: { model: single, dataset: relu1d, steps: 0 }
            seeds: \(trials)
            """, file: "store-bench")
        _ = try await store.submit(spec)
        let start = ContinuousClock.now
        let recordDurations = try await withThrowingTaskGroup(of: Duration.self) { group in
            for w in 0..<writers {
                group.addTask {
                    var inRecord = Duration.zero
                    let name = "bench-\(w)"
                    while true {
                        let lease = try await store.lease(worker: name, host: "localhost", slots: batch)
                        if lease.leases.isEmpty {
                            if lease.finished { break }
                            try await Task.sleep(for: .milliseconds(5))
                            continue
                        }
                        let items = lease.leases.map {
                            ResultItem(leaseId: $0.leaseId, epoch: $0.epoch, trialId: $0.trialId, metrics: trivialMetrics,
                                       provenance: Provenance(worker: name, host: "localhost"))
                        }
                        let t0 = ContinuousClock.now
                        _ = try await store.record(items)
                        inRecord += ContinuousClock.now - t0
                    }
                    return inRecord
                }
            }
            var all: [Duration] = []
            for try await d in group { all.append(d) }
            return all
        }
        let wall = ContinuousClock.now - start
        func seconds(_ d: Duration) -> Double { Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18 }
        return Report(trials: trials, batch: batch, writers: writers,
                      recordSeconds: recordDurations.map(seconds).reduce(0, +) / Double(max(writers, 1)),
                      wallSeconds: seconds(wall))
    }

    /// Metrics of a zero-step single-ReLU trial: valid, small. (TrialMetrics has no public
    /// memberwise initializer; its JSON form is its interface.)
    static let trivialMetrics: TrialMetrics = {
        let json = """
            {"collapsed":false,"collapsedInit":false,"deadFraction":0,"deadFractionInit":0,"deadFractionPerLayer":[0],
             "deadFractionPerLayerInit":[0],"deadUnits":0,"diverged":false,"normalizedTestMSE":1,"normalizedTrainMSE":1,
             "normalizedTrainMSEInit":1,"parameterCount":3,"skippedSteps":0,"stepsPerSecond":0,"stepsRun":0,
             "stopReason":"completed","totalUnits":1,"wallSeconds":0}
            """
        // The literal above is valid TrialMetrics JSON; a decoding failure is a programming error.
        return try! JSONDecoder().decode(TrialMetrics.self, from: Data(json.utf8))
    }()
}
