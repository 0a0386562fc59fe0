import SweepClient
import ReLUCore
import Coordinator
import Foundation
import SweepModel
import SweepStore
import Testing
import TestSupport
import Worker

/// A real coordinator in this process: SQLite file in a temporary directory, HTTP on a
/// loopback port (a free one, or the one given to restart on the same address).
final class TestCoordinator: Sendable {
    static let token = "worker-tests-token"
    let coordinator: Coordinator
    let port: Int
    private let task: Task<Void, any Error>

    init(db: String, port: Int = 0, leaseSeconds: Double = 10) async throws {
        let c = try Coordinator(configuration: CoordinatorConfiguration(
            databasePath: db, host: "127.0.0.1", port: port, token: try BearerToken(Self.token), leaseSeconds: leaseSeconds))
        coordinator = c
        task = Task { try await c.run() }
        self.port = try await c.port()
    }

    var endpoint: CoordinatorEndpoint { try! CoordinatorEndpoint(url: "http://127.0.0.1:\(port)", token: Self.token) }
    var client: CoordinatorClient { CoordinatorClient(endpoint: endpoint, timeout: .seconds(30)) }
    var store: SweepStore { coordinator.store }

    /// Graceful shutdown; returns when the database is closed.
    func stop() async throws {
        await coordinator.shutdown()
        try await task.value
    }
}

/// A grid of `seeds` trials per cell of single-ReLU trials.
func testGrid(name: String = "wt", steps: Int = 200, seeds: Int = 4, momentum: String = "0, 0.9",
              dataset: String = "relu1d") throws -> GridSpec {
    try GridSpec.parse("""
        name: \(name)
        base: { model: single, dataset: "\(dataset)", optimizer: momentum, lr: 0.05, steps: \(steps), batchSize: 0, nTrain: 64, nTest: 64 }
        axes: { targetStd: [0.01, 1], momentum: [\(momentum)] }
        seeds: \(seeds)
        """, file: "test grid")
}

/// A worker configuration for tests: files in `dir`, fast backoff, short grace and flush.
func testWorkerConfiguration(_ endpoint: CoordinatorEndpoint, dir: String, name: String = "w1", slots: Int = 2,
                             exitWhenIdle: Bool = true, graceSeconds: Double = 5, heartbeat: Double? = nil,
                             prefetch: Int? = nil, dataDirectories: [String] = []) -> WorkerConfiguration {
    WorkerConfiguration(endpoint: endpoint, name: name, host: "test-host", slots: slots, prefetch: prefetch,
                        outboxPath: (dir as NSString).appendingPathComponent("\(name).outbox.jsonl"),
                        heartbeatInterval: heartbeat, backoff: Backoff(initialDelay: 0.05, maxDelay: 0.5),
                        exitWhenIdle: exitWhenIdle, graceSeconds: graceSeconds, flushSeconds: 5,
                        dataAccess: WorkerConfiguration.dataAccess(directories: dataDirectories))
}

/// Every exported record of a sweep.
func exportedRecords(_ client: CoordinatorClient, _ sweep: String) async throws -> [TrialRecordLine] {
    var data = Data()
    try await client.download(results: sweep, format: "jsonl") { data.append($0) }
    return String(decoding: data, as: UTF8.self).split(separator: "\n").map { TrialRecordLine(text: String($0)) }
}

struct TrialRecordLine {
    var text: String
    var trialId: String? {
        (try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])?["trialId"] as? String
    }
    var hasMetrics: Bool {
        ((try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])?["metrics"]) is [String: Any]
    }
    var error: String? {
        (try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])?["error"] as? String
    }
}
