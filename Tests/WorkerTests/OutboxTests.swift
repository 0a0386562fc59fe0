import TestSupport
import Foundation
import SweepModel
import Testing
@testable import Worker

@Suite struct OutboxTests {
    @Test func appendedResultsSurviveReopening() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = (dir as NSString).appendingPathComponent("outbox.jsonl")
        do {
            let outbox = try Outbox(path: path)
            try outbox.append([sampleItem(trial: 1), sampleItem(trial: 2)])
            try outbox.append([sampleItem(trial: 3)])
            try outbox.acknowledge([OutboxKey(leaseId: sampleItem(trial: 2).leaseId, trialId: sampleItem(trial: 2).trialId)])
            #expect(outbox.pendingCount == 2)
            // Not closed: as after a crash (the lock is released with the object).
        }
        let reopened = try Outbox(path: path)
        #expect(reopened.pending.map(\.trialId) == [sampleItem(trial: 1).trialId, sampleItem(trial: 3).trialId])
        #expect(reopened.pending.first == sampleItem(trial: 1))
        // Opening compacts: only the two pending results remain as lines.
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 2)
    }

    @Test func handWrittenResultLinesAreAnOutbox() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = (dir as NSString).appendingPathComponent("outbox.jsonl")
        let encoder = JSONEncoder()
        let text = try [sampleItem(trial: 7), sampleItem(trial: 8)].map { String(decoding: try encoder.encode($0), as: UTF8.self) }
            .joined(separator: "\n") + "\n"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let outbox = try Outbox(path: path)
        #expect(outbox.pending.map(\.trialId) == [sampleItem(trial: 7).trialId, sampleItem(trial: 8).trialId])
        #expect(outbox.unreadableLines == 0)
    }

    @Test func tornLastLineIsSetAsideNotLost() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = (dir as NSString).appendingPathComponent("outbox.jsonl")
        let whole = String(decoding: try JSONEncoder().encode(sampleItem(trial: 1)), as: UTF8.self)
        let torn = String(whole.prefix(40))
        try (whole + "\n" + torn).write(toFile: path, atomically: true, encoding: .utf8)
        let outbox = try Outbox(path: path)
        #expect(outbox.pendingCount == 1)
        #expect(outbox.unreadableLines == 1)
        let setAside = try String(contentsOfFile: path + ".unreadable", encoding: .utf8)
        #expect(setAside == torn + "\n")
    }

    @Test func compactsWhenMostlyAcknowledged() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = (dir as NSString).appendingPathComponent("outbox.jsonl")
        let outbox = try Outbox(path: path)
        let items = (0..<100).map { sampleItem(trial: $0) }
        try outbox.append(items)
        #expect(outbox.lineCount == 100)
        // Acknowledge 90: tombstones make the file 190 lines, then it is rewritten to the 10 left.
        try outbox.acknowledge(items.prefix(90).map { OutboxKey(leaseId: $0.leaseId, trialId: $0.trialId) })
        #expect(outbox.pendingCount == 10)
        #expect(outbox.lineCount == 10)
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 10)
        try outbox.close()
        #expect(FileManager.default.fileExists(atPath: path))
    }

    @Test func emptyOutboxFileIsRemovedOnClose() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = (dir as NSString).appendingPathComponent("outbox.jsonl")
        let outbox = try Outbox(path: path)
        let item = sampleItem(trial: 5)
        try outbox.append([item])
        try outbox.acknowledge([OutboxKey(leaseId: item.leaseId, trialId: item.trialId)])
        try outbox.close()
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test func secondOpenerIsRefused() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = (dir as NSString).appendingPathComponent("outbox.jsonl")
        let first = try Outbox(path: path)
        #expect(throws: WorkerError.self) { _ = try Outbox(path: path) }
        try first.close()
        _ = try Outbox(path: path)
    }

    @Test func sameResultIsWrittenOnce() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = (dir as NSString).appendingPathComponent("outbox.jsonl")
        let outbox = try Outbox(path: path)
        try outbox.append([sampleItem(trial: 1)])
        try outbox.append([sampleItem(trial: 1), sampleItem(trial: 1)])
        #expect(outbox.pendingCount == 1)
        #expect(outbox.lineCount == 1)
    }
}
