import Foundation
import NIOCore
import SweepModel

/// Results recorded per second: every trial is leased first (not timed), then `workers`
/// concurrent tasks post the results in batches of `batch`, each POST answered after its
/// transaction commits. Request bodies are encoded before the clock starts.
struct ResultThroughput {
    let trials: Int
    let workers: Int
    let batch: Int
    let directory: String

    struct Report: CustomStringConvertible {
        var trials: Int
        var workers: Int
        var batch: Int
        var seconds: Double
        var posts: Int
        var perSecond: Double { Double(trials) / seconds }

        var description: String {
            "results over HTTP: \(workers) workers, \(batch) result(s) per POST, \(trials) results: "
                + "\(Int(perSecond.rounded()))/s recorded durably (\(posts) POSTs in \(String(format: "%.2f", seconds)) s)"
        }

        var json: String {
            #"{"bench":"results","workers":\#(workers),"batch":\#(batch),"trials":\#(trials),"seconds":\#(seconds),"resultsPerSecond":\#(perSecond)}"#
        }
    }

    func run() async throws -> Report {
        let bench = try await BenchCoordinator.start(directory: directory, connections: workers)
        do {
            try await bench.submit(name: "bench", trials: trials)
            var grants: [LeaseGrant] = []
            while grants.count < trials {
                let lease = try await bench.lease(worker: "bench", slots: LeaseRequest.maxSlots)
                guard !lease.leases.isEmpty else { break }
                grants += lease.leases
            }
            let encoder = JSONEncoder()
            // Worker w posts batches w, w + workers, ...
            var bodies: [[ByteBuffer]] = Array(repeating: [], count: workers)
            for (i, start) in stride(from: 0, to: grants.count, by: batch).enumerated() {
                let items = grants[start..<min(start + batch, grants.count)].map { BenchCoordinator.result($0, worker: "w\(i % workers)") }
                bodies[i % workers].append(ByteBuffer(bytes: try encoder.encode(ResultBatch(results: items))))
            }
            let t0 = ContinuousClock.now
            let stored = try await withThrowingTaskGroup(of: Int.self) { group in
                for w in 0..<workers {
                    let mine = bodies[w]
                    group.addTask {
                        var n = 0
                        for body in mine {
                            let ack = try JSONDecoder().decode(ResultAck.self, from: try await bench.post("/v1/results", body))
                            n += ack.results.filter { $0.status == .stored }.count
                        }
                        return n
                    }
                }
                return try await group.reduce(0, +)
            }
            let elapsed = seconds(ContinuousClock.now - t0)
            guard stored == grants.count else { throw BenchError("stored \(stored) of \(grants.count) results") }
            try await bench.stop()
            return Report(trials: stored, workers: workers, batch: batch, seconds: elapsed, posts: bodies.map(\.count).reduce(0, +))
        } catch {
            try? await bench.stop()
            throw error
        }
    }
}
