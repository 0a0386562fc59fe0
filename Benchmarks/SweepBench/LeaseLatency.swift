import Foundation
import NIOCore
import SweepModel

/// Lease round trips: `workers` tasks each loop "lease 1 slot, post its result" until
/// `trials` trials are done; every `POST /v1/leases` is timed from send to decoded answer.
struct LeaseLatency {
    let trials: Int
    let workers: Int
    let directory: String

    struct Report: CustomStringConvertible {
        var workers: Int
        var trials: Int
        var leases: Int
        var medianMs: Double
        var p99Ms: Double
        var seconds: Double

        var description: String {
            "lease round trip: \(workers) workers, \(leases) leases: median \(String(format: "%.2f", medianMs)) ms, "
                + "p99 \(String(format: "%.2f", p99Ms)) ms (\(Int((Double(trials) / seconds).rounded())) trials/s leased and recorded)"
        }

        var json: String {
            #"{"bench":"lease","workers":\#(workers),"leases":\#(leases),"medianMs":\#(medianMs),"p99Ms":\#(p99Ms),"trialsPerSecond":\#(Double(trials) / seconds)}"#
        }
    }

    func run() async throws -> Report {
        let bench = try await BenchCoordinator.start(directory: directory, connections: workers)
        do {
            try await bench.submit(name: "lease-bench", trials: trials)
            let t0 = ContinuousClock.now
            let samples = try await withThrowingTaskGroup(of: [Double].self) { group in
                for w in 0..<workers {
                    group.addTask {
                        let name = "w\(w)"
                        let leaseBody = ByteBuffer(bytes: try JSONEncoder().encode(LeaseRequest(worker: name, slots: 1, host: "bench")))
                        var latencies: [Double] = []
                        while true {
                            let start = ContinuousClock.now
                            let lease = try JSONDecoder().decode(LeaseResponse.self, from: try await bench.post("/v1/leases", leaseBody))
                            latencies.append(seconds(ContinuousClock.now - start) * 1000)
                            guard let grant = lease.leases.first else {
                                if lease.finished { return latencies }
                                try await Task.sleep(for: .milliseconds(5))
                                continue
                            }
                            let body = try JSONEncoder().encode(ResultBatch(results: [BenchCoordinator.result(grant, worker: name)]))
                            _ = try await bench.post("/v1/results", ByteBuffer(bytes: body))
                        }
                    }
                }
                var all: [Double] = []
                for try await part in group { all += part }
                return all
            }
            let elapsed = seconds(ContinuousClock.now - t0)
            try await bench.stop()
            let sorted = samples.sorted()
            func quantile(_ q: Double) -> Double {
                sorted.isEmpty ? .nan : sorted[min(sorted.count - 1, Int((q * Double(sorted.count)).rounded(.down)))]
            }
            return Report(workers: workers, trials: trials, leases: sorted.count, medianMs: quantile(0.5), p99Ms: quantile(0.99),
                          seconds: elapsed)
        } catch {
            try? await bench.stop()
            throw error
        }
    }
}
