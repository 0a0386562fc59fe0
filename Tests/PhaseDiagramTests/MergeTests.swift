import Foundation
import ReLUCore
import SweepModel
import Testing
import TestSupport
@testable import PhaseDiagram

/// Records merged by trial id as they stream into an aggregation (`PhaseAccumulation`).
@Suite struct MergeTests {
    let query = PhaseQuery(x: "targetStd", y: "momentum")

    func table(_ sources: [[TrialRecord]], names: [String] = ["a.jsonl", "b.jsonl", "c.jsonl"],
               metric: PhaseMetric = .collapsed) throws -> PhaseTable {
        var q = query
        q.metric = metric
        let sources: [any ResultSource] = sources.enumerated().map { InMemoryResultSource(name: names[$0], records: $1) }
        return try PhaseAggregator(query: q).aggregate(sources)
    }

    @Test func identicalIdsCountOnceEvenWithDifferentTiming() throws {
        let a = TestRecords.record("t1", collapsed: true, wallSeconds: 1)
        let b = TestRecords.record("t1", collapsed: true, wallSeconds: 7)  // same trial, other machine
        let t = try table([[a], [b]])
        #expect(t.totals.trials == 1 && t.totals.duplicates == 1 && t.totals.recordsRead == 2)
        #expect(t.conflicts.isEmpty)
        #expect(t.cells.map(\.n) == [1])
    }

    @Test func conflictingMetricsAreReportedAndTheFirstIsKept() throws {
        let a = TestRecords.record("t1", collapsed: true, dead: 1)
        let b = TestRecords.record("t1", collapsed: false, dead: 0.5)
        let t = try table([[a], [b]])
        #expect(t.totals.trials == 1)
        let conflict = try #require(t.conflicts.first)
        #expect(conflict.trialId == "t1")
        #expect(conflict.kind == .metricsDiffer)
        #expect(conflict.kept == "a.jsonl #1")
        #expect(conflict.other == "b.jsonl #1")
        #expect(conflict.differingKeys.contains("collapsed"))
        #expect(conflict.differingKeys.contains("deadFraction"))
        #expect(!conflict.differingKeys.contains("wallSeconds"))
        // The first record counts, and its cell says it is disputed.
        #expect(t.cells.map(\.collapsed) == [1])
        #expect(t.cells.map(\.conflicts) == [1])
    }

    @Test func aThirdDisagreeingRecordIsAnotherConflictButTheCellCountsTheTrialOnce() throws {
        let a = TestRecords.record("t1", collapsed: true)
        let b = TestRecords.record("t1", collapsed: false)
        let c = TestRecords.record("t1", dead: 0.25)
        let t = try table([[a], [b], [c]])
        #expect(t.conflicts.count == 2)
        #expect(t.cells.map(\.conflicts) == [1])
    }

    @Test func sameIdWithDifferentConfigIsAConflict() throws {
        let a = TestRecords.record("t1", targetStd: 1)
        let b = TestRecords.record("t1", targetStd: 0.001)
        let t = try table([[a, b]])
        let conflict = try #require(t.conflicts.first)
        #expect(conflict.kind == .configDiffers)
        #expect(conflict.differingKeys == ["targetStd"])
        // Only the kept record's cell holds the trial.
        #expect(t.cells.map(\.n).reduce(0, +) == 1)
    }

    @Test func metricsSupersedeAFailureForTheSameTrial() throws {
        let failed = TestRecords.failed("t1")
        let ok = TestRecords.record("t1", collapsed: true)
        let t = try table([[failed], [ok]])
        #expect(t.totals.trials == 1 && t.totals.failed == 0 && t.totals.withMetrics == 1)
        #expect(t.totals.failuresSuperseded == 1)
        #expect(t.cells.map(\.failed) == [0] && t.cells.map(\.collapsed) == [1])
        #expect(t.conflicts.isEmpty)
        // And the other way round: a later failure does not undo metrics.
        let u = try table([[ok], [failed]])
        #expect(u.totals.failed == 0 && u.totals.failuresSuperseded == 1 && u.cells.map(\.n) == [1])
    }

    @Test func recordsWithoutIdGetTheirSweepTrialId() throws {
        let a = TestRecords.record(nil, targetStd: 0.01, seed: 3)
        let b = TestRecords.record(nil, targetStd: 0.01, seed: 3)
        let c = TestRecords.record(nil, targetStd: 0.01, seed: 4)
        let withId = TestRecords.record(TrialID.of(a.config), targetStd: 0.01, seed: 3)
        let t = try table([[a, b, c], [withId]])
        #expect(t.totals.trials == 2)
        #expect(t.totals.duplicates == 2)
    }

    /// A sweep's results.jsonl line (with its trialId) and `relusweep train --json` of the same
    /// config (without one) are one trial: aggregated together they count once (n = 1).
    @Test func aSweepLineAndATrainOutputOfTheSameConfigCountOnce() throws {
        let config = TestRecords.config(targetStd: 0.01, seed: 3)
        let metrics = TestRecords.metrics(collapsed: true)
        let sweepLine = TrialRecord(trialId: Trial(config: config).id, config: config, metrics: metrics)
        let trainOutput = TrialRecord(trialId: nil, config: config, metrics: metrics)
        let t = try table([[sweepLine], [trainOutput]])
        #expect(t.totals.trials == 1)
        #expect(t.totals.duplicates == 1)
        #expect(t.conflicts.isEmpty)
        #expect(t.cells.map(\.n) == [1])
    }

    /// The order records arrive in changes nothing but which one is kept on a conflict.
    @Test func shuffledRecordsGiveTheSameTable() throws {
        var rng = SeededRandom.forTest()
        var records: [TrialRecord] = []
        for i in 0..<200 {
            let s = [1e-3, 1e-2, 1][i % 3], m = [0, 0.9][i % 2]
            let dead = Double(i % 7) / 7
            records.append(TestRecords.record("id\(i)", targetStd: s, momentum: m, seed: i, collapsed: i % 5 == 0, dead: dead))
            if i % 9 == 0 { records.append(TestRecords.failed("failed\(i)", targetStd: s, momentum: m, seed: i)) }
        }
        for metric in [PhaseMetric.collapsed, .deadFraction, .nmse] {
            let reference = try table([records], metric: metric)
            let shuffled = try table([records.shuffled(using: &rng)], metric: metric)
            #expect(shuffled.cells == reference.cells, "\(metric)")
        }
    }
}
