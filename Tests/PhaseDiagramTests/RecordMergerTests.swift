import TestSupport
import Plot
import SweepModel
import Foundation
import Testing
import ReLUCore
@testable import PhaseDiagram

@Suite struct RecordMergerTests {
    func sourced(_ records: [TrialRecord], _ name: String) -> [SourcedRecord] {
        records.enumerated().map { SourcedRecord(record: $1, origin: "\(name):\($0 + 1)") }
    }

    @Test func identicalIdsCountOnceEvenWithDifferentTiming() {
        let a = TestRecords.record("t1", collapsed: true, wallSeconds: 1)
        let b = TestRecords.record("t1", collapsed: true, wallSeconds: 7)  // same trial, other machine
        let merged = RecordMerger().merge(sourced([a], "a.jsonl") + sourced([b], "b.jsonl"))
        #expect(merged.entries.count == 1)
        #expect(merged.duplicates == 1)
        #expect(merged.conflicts.isEmpty)
        #expect(merged.recordsRead == 2)
    }

    @Test func conflictingMetricsAreReportedAndTheFirstIsKept() throws {
        let a = TestRecords.record("t1", collapsed: true, dead: 1)
        let b = TestRecords.record("t1", collapsed: false, dead: 0.5)
        let merged = RecordMerger().merge(sourced([a], "a.jsonl") + sourced([b], "b.jsonl"))
        #expect(merged.entries.count == 1)
        let conflict = try #require(merged.conflicts.first)
        #expect(conflict.trialId == "t1")
        #expect(conflict.kind == .metricsDiffer)
        #expect(conflict.kept == "a.jsonl:1")
        #expect(conflict.other == "b.jsonl:1")
        #expect(conflict.differingKeys.contains("collapsed"))
        #expect(conflict.differingKeys.contains("deadFraction"))
        #expect(!conflict.differingKeys.contains("wallSeconds"))
        #expect(merged.entries[0].record.metrics?.collapsed == true)
        #expect(merged.entries[0].conflicted)
    }

    @Test func sameIdWithDifferentConfigIsAConflict() throws {
        let a = TestRecords.record("t1", targetStd: 1)
        let b = TestRecords.record("t1", targetStd: 0.001)
        let merged = RecordMerger().merge(sourced([a, b], "a.jsonl"))
        let conflict = try #require(merged.conflicts.first)
        #expect(conflict.kind == .configDiffers)
        #expect(conflict.differingKeys == ["targetStd"])
    }

    @Test func metricsSupersedeAFailureForTheSameTrial() {
        let failed = TestRecords.failed("t1")
        let ok = TestRecords.record("t1")
        let merged = RecordMerger().merge(sourced([failed], "a.jsonl") + sourced([ok], "b.jsonl"))
        #expect(merged.entries.count == 1)
        #expect(merged.entries[0].record.metrics != nil)
        #expect(merged.entries[0].origin == "b.jsonl:1")
        #expect(merged.failuresSuperseded == 1)
        #expect(merged.conflicts.isEmpty)
    }

    @Test func recordsWithoutIdGetTheirSweepTrialId() {
        let a = TestRecords.record(nil, targetStd: 0.01, seed: 3)
        let b = TestRecords.record(nil, targetStd: 0.01, seed: 3)
        let c = TestRecords.record(nil, targetStd: 0.01, seed: 4)
        let merged = RecordMerger().merge(sourced([a, b, c], "train.jsonl"))
        #expect(merged.entries.count == 2)
        #expect(merged.duplicates == 1)
        #expect(merged.entries[0].id == TrialID.of(a.config))
        #expect(merged.entries[0].id != merged.entries[1].id)
    }

    /// A sweep's results.jsonl line (with its trialId) and `relusweep train --json` of the same
    /// config (without one) are one trial: aggregated together they count once (n = 1).
    @Test func aSweepLineAndATrainOutputOfTheSameConfigCountOnce() throws {
        let config = TestRecords.config(targetStd: 0.01, seed: 3)
        let metrics = TestRecords.metrics(collapsed: true)
        let sweepLine = TrialRecord(trialId: Trial(config: config).id, config: config, metrics: metrics)
        let trainOutput = TrialRecord(trialId: nil, config: config, metrics: metrics)
        let merged = RecordMerger().merge(sourced([sweepLine], "results.jsonl") + sourced([trainOutput], "train.json"))
        #expect(merged.entries.count == 1)
        #expect(merged.duplicates == 1)
        #expect(merged.conflicts.isEmpty)
        let table = try PhaseAggregator(query: PhaseQuery(x: "targetStd", y: "momentum")).aggregate(merged)
        #expect(table.totals.trials == 1)
        #expect(table.cells.map(\.n) == [1])
    }
}
