import TestSupport
import Foundation
import Logging
import ReLUCore
import SweepClient
import SweepModel
import Synchronization
import Testing
import Worker

/// Issue 16, point 4: a power cut in the middle of an outbox append leaves a torn last line.
/// The next worker on that outbox warns about it, sets it aside, and re-sends the rest.
@Suite(.serialized) struct TornOutboxTests {
    @Test func aTornLastLineIsSkippedWithAWarningAndTheRestIsResent() async throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // Short leases: the torn result's trial is granted again soon.
        let coordinator = try await TestCoordinator(db: (dir as NSString).appendingPathComponent("sweep.sqlite"), leaseSeconds: 2)
        let spec = try testGrid(seeds: 2)
        _ = try await coordinator.client.submit(spec)
        let granted = try await coordinator.client.lease(LeaseRequest(worker: "cut-worker", slots: 4, host: "old-host")).leases
        #expect(granted.count == 4)
        let items = try granted.map { g in
            ResultItem(leaseId: g.leaseId, epoch: g.epoch, trialId: g.trialId, metrics: try Trainer().run(g.config),
                       provenance: Provenance(worker: "cut-worker", host: "old-host"))
        }
        let config = testWorkerConfiguration(coordinator.endpoint, dir: dir, name: "w2")
        let encoder = JSONEncoder()
        let lines = try items.map { String(decoding: try encoder.encode($0), as: UTF8.self) }
        // Three whole lines, and the fourth cut mid-write (no newline, half the bytes).
        let torn = String(lines[3].prefix(lines[3].count / 2))
        try (lines[0..<3].joined(separator: "\n") + "\n" + torn).write(toFile: config.outboxPath, atomically: true, encoding: .utf8)

        let logs = CapturedLines()
        let worker = try Worker(configuration: config, logger: logs.logger())
        let summary = try await withDeadline(60, "worker run") { try await worker.run(); return worker.summary }
        #expect(summary.resent == 3)
        #expect(logs.all.contains { $0.hasPrefix("warning") && $0.contains("unreadable") && $0.contains(config.outboxPath) }, "\(logs.all)")
        #expect(try String(contentsOfFile: config.outboxPath + ".unreadable", encoding: .utf8) == torn + "\n")
        // The three whole results are stored as they were; the torn one's trial was trained
        // again (its lease expired or was re-granted), like every trial nobody had.
        let records = try await exportedRecords(coordinator.client, spec.sweepId)
        #expect(records.count == 8)
        #expect(Set(records.compactMap(\.trialId)).count == 8)
        for item in items[0..<3] {
            let line = try #require(records.first { $0.trialId == item.trialId })
            #expect(try TrialRecord.parse(jsonLine: line.text).metrics?.deterministicPart == item.metrics?.deterministicPart)
        }
        #expect(try await coordinator.store.checkInvariants() == [])
        try await coordinator.stop()
    }
}

/// Log lines of a worker, kept in memory ("level message metadata").
final class CapturedLines: Sendable {
    private let lines = Mutex<[String]>([])
    var all: [String] { lines.withLock { $0 } }

    func logger() -> Logger {
        var logger = Logger(label: "test.worker") { _ in Handler(capture: self) }
        logger.logLevel = .debug
        return logger
    }

    struct Handler: LogHandler {
        let capture: CapturedLines
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .debug
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }
        func log(event: LogEvent) {
            let meta = metadata.merging(event.metadata ?? [:]) { $1 }.map { "\($0.key)=\($0.value)" }.sorted().joined(separator: " ")
            capture.lines.withLock { $0.append("\(event.level) \(event.message) \(meta)") }
        }
    }
}
