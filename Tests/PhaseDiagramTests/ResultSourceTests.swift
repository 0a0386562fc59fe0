import TestSupport
import Plot
import SweepModel
import Foundation
import Testing
import ReLUCore
@testable import PhaseDiagram

@Suite struct ResultSourceTests {
    @Test func readsJSONLLinesWithOrigins() throws {
        let dir = try TestRecords.temporaryDirectory()
        let path = dir.appendingPathComponent("results.jsonl").path
        let lines = try [TestRecords.record("a"), TestRecords.failed("b")].map { try $0.jsonLine() }
        try (lines[0] + "\n\n" + lines[1] + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        let records = try JSONLResultSource(path: path).load()
        #expect(records.map(\.record.trialId) == ["a", "b"])
        #expect(records[1].origin == "\(path):3")
        #expect(records[1].record.metrics == nil)
    }

    @Test func badJSONLNamesFileAndLine() throws {
        let dir = try TestRecords.temporaryDirectory()
        let path = dir.appendingPathComponent("results.jsonl").path
        try (try TestRecords.record("a").jsonLine() + "\n{\"config\": {\"targetstd\": 1}}\n").write(toFile: path, atomically: true, encoding: .utf8)
        let error = #expect(throws: ResultSourceError.self) { try JSONLResultSource(path: path).load() }
        #expect(error?.line == 2)
        #expect(error?.description.contains("targetstd") == true)
        #expect(error?.description.hasPrefix(path + ":2") == true)
    }

    @Test func readsCSVExport() throws {
        let dir = try TestRecords.temporaryDirectory()
        let path = dir.appendingPathComponent("results.csv").path
        let records = [TestRecords.record("a", targetStd: 0.001, collapsed: true), TestRecords.failed("b")]
        let text = TrialRecordCSV.headerLine + "\n" + records.map(TrialRecordCSV.row).joined(separator: "\n") + "\n"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let source = try ResultFiles.source(at: path)
        let loaded = try source.load()
        #expect(loaded.count == 2)
        #expect(loaded[0].record.config.targetStd == 0.001)
        #expect(loaded[0].record.metrics?.collapsed == true)
        #expect(loaded[1].record.error != nil)
    }

    @Test func directoryMeansItsResultsJSONL() throws {
        let dir = try TestRecords.temporaryDirectory()
        try (try TestRecords.record("a").jsonLine() + "\n").write(to: dir.appendingPathComponent("results.jsonl"), atomically: true, encoding: .utf8)
        let source = try ResultFiles.source(at: dir.path)
        #expect(source is JSONLResultSource)
        #expect(try source.load().count == 1)
    }

    @Test func missingAndUnsupportedSourcesSayWhatIsExpected() throws {
        let dir = try TestRecords.temporaryDirectory()
        #expect(throws: ResultSourceError.self) { _ = try ResultFiles.source(at: dir.appendingPathComponent("nope.jsonl").path) }
        let empty = #expect(throws: ResultSourceError.self) { _ = try ResultFiles.source(at: dir.path) }
        #expect(empty?.message.contains("results.jsonl") == true)
        let db = dir.appendingPathComponent("sweep.db")
        try Data([0]).write(to: db)
        let dbError = #expect(throws: ResultSourceError.self) { _ = try ResultFiles.source(at: db.path) }
        #expect(dbError?.message.contains("JSONL") == true)
    }

    @Test func aggregationReadsSourcesInOrder() throws {
        let a = InMemoryResultSource(name: "a", records: [TestRecords.record("t1", collapsed: true)])
        let b = InMemoryResultSource(name: "b", records: [TestRecords.record("t1", collapsed: false), TestRecords.record("t2")])
        let table = try PhaseAggregator(query: PhaseQuery(x: "targetStd", y: "momentum")).aggregate([a, b] as [any ResultSource])
        #expect(table.totals.trials == 2)
        #expect(table.conflicts.first?.kept == "a #1")
    }
}
