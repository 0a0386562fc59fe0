import Foundation
import ReLUCore
import SweepModel
import Testing
import TestSupport
@testable import PhaseDiagram

/// `aggregate --where` (conditioning on an init metric) and `--change` (end minus init).
@Suite struct PhaseConditioningTests {
    /// One cell (targetStd 1e-3, momentum 0.9), seeds 0..7: even seeds start with w0 > 0 and
    /// collapse at seeds 0, 2 (2 of 4); odd seeds start with w0 < 0 and all collapse (4 of 4).
    /// Seed 7 was already collapsed at init. Dead fractions: init 0.1 * (seed % 3), end 0.25 * (seed % 4).
    func records() -> [TrialRecord] {
        (0..<8).map { seed in
            var r = TestRecords.record(nil, targetStd: 1e-3, momentum: 0.9, seed: seed,
                                       collapsed: seed % 2 == 1 || seed <= 2, dead: 0.25 * Double(seed % 4))
            r.metrics?.initSlope = seed % 2 == 0 ? 0.5 + Double(seed) : -0.5
            r.metrics?.deadFractionInit = 0.1 * Double(seed % 3)
            r.metrics?.collapsedInit = seed == 7
            return r
        } + [TestRecords.failed(nil, targetStd: 1e-3, momentum: 0.9, seed: 9)]
    }

    /// Seed k's dead fraction at the end minus at init.
    static func change(_ seed: Int) -> Double {
        let end: Double = 0.25 * Double(seed % 4)
        let start: Double = 0.1 * Double(seed % 3)
        return end - start
    }

    func table(_ metric: PhaseMetric = .collapsed, where conditions: [String] = [], change: Bool = false) throws -> PhaseTable {
        let query = PhaseQuery(x: "targetStd", y: "momentum", metric: metric,
                               conditions: try conditions.map { try RecordCondition(parsing: $0) }, change: change)
        return try PhaseAggregator(query: query).aggregate(records())
    }

    @Test("P(collapsed | w0 > 0) and P(collapsed | w0 < 0)")
    func byInitialSlope() throws {
        let all = try #require(try table().cells.first)
        #expect(all.n == 8 && all.collapsed == 6)
        let positive = try table(where: ["initSlope>0"])
        let p = try #require(positive.cells.first)
        #expect(p.n == 4 && p.collapsed == 2 && p.fraction == 0.5)
        let wilson = try #require(WilsonInterval.interval(successes: 2, trials: 4))
        #expect(p.lower == wilson.lowerBound && p.upper == wilson.upperBound)
        // The failed trial has no metrics to read initSlope on: left out, and counted.
        #expect(positive.totals.excludedByCondition == 4 && positive.totals.conditionUnreadable == 1)
        #expect(positive.totals.failed == 0)
        #expect(positive.conditions == ["initSlope>0"])
        #expect(CellText.title(positive) == "P(collapsed | initSlope>0)")
        #expect(MarkdownPhaseRenderer.render(positive).contains("4 left out by the conditions"))
        let negative = try #require(try table(where: ["initSlope<0"]).cells.first)
        #expect(negative.n == 4 && negative.collapsed == 4)
        // Two conditions: both must hold (w0 > 2 keeps seeds 2, 4, 6).
        let both = try #require(try table(where: ["initSlope>2", "momentum=0.9"]).cells.first)
        #expect(both.n == 3 && both.collapsed == 1)
    }

    @Test("P(collapsed at end | alive at init)")
    func aliveAtInit() throws {
        let t = try table(where: ["collapsedInit=false"])
        let c = try #require(t.cells.first)
        #expect(c.n == 7 && c.collapsed == 5)  // seed 7 (collapsed at init, and at the end) left out
        #expect(t.totals.excludedByCondition == 1)
        #expect(PhaseOutputNames.phaseStem(PhaseQuery(x: "targetStd", y: "momentum",
                                                      conditions: [try RecordCondition(parsing: "collapsedInit=false")]))
                == "phase-collapsed-targetStd-momentum-where-collapsedInit-eq-false")
    }

    @Test("--change: mean per-trial change from init to the end, with a t interval")
    func change() throws {
        let t = try table(.deadFraction, change: true)
        let c = try #require(t.cells.first)
        let differences: [Double] = (0..<8).map(Self.change)
        let expected = MeanEstimate(differences, bounds: -1...1)
        #expect(abs(c.fraction! - expected.mean!) < 1e-15)
        #expect(c.lower == expected.interval?.lowerBound && c.upper == expected.interval?.upperBound)
        // The end and init means are still there, and their difference is the change's mean.
        #expect(abs(c.deadFractionMean! - c.deadFractionInitMean! - c.fraction!) < 1e-12)
        #expect(t.change == true)
        #expect(CellText.title(t) == "mean change in dead-unit fraction (end − init)")
        #expect(PhaseOutputNames.phaseStem(PhaseQuery(x: "targetStd", y: "momentum", metric: .deadFraction, change: true))
                == "phase-deadFractionChange-targetStd-momentum")
        // collapsed: 6 collapsed at the end, 1 at init -> mean change 5/8.
        let k = try #require(try table(.collapsed, change: true).cells.first)
        #expect(k.fraction == 5.0 / 8)
        // Conditioning and change together: w0 > 0 (seeds 0, 2, 4, 6).
        let cp = try #require(try table(.deadFraction, where: ["initSlope>0"], change: true).cells.first)
        let even: [Double] = [0, 2, 4, 6].map(Self.change)
        let evenMean: Double = even.reduce(0, +) / 4
        #expect(abs(cp.fraction! - evenMean) < 1e-15)
    }

    @Test func errorsAndPoints() throws {
        #expect(throws: PhaseError.changeWithoutInit(.nmse)) {
            try PhaseAggregator(query: PhaseQuery(x: "targetStd", y: "momentum", metric: .nmse, change: true))
        }
        #expect(throws: PhaseError.changeOnStep) {
            try PhaseAggregator(query: PhaseQuery(x: "step", y: "momentum", metric: .deadFraction, change: true))
        }
        #expect(PhaseError.changeWithoutInit(.nmse).description.contains("deadFraction or collapsed"))
        // Per-point sums cannot answer either: the coordinator reads records for these queries.
        let conditioned = try PhaseAggregator(query: PhaseQuery(x: "targetStd", y: "momentum",
                                                               conditions: [try RecordCondition(parsing: "initSlope>0")]))
        #expect(!conditioned.answersFromPoints)
        #expect(!(try PhaseAggregator(query: PhaseQuery(x: "targetStd", y: "momentum", metric: .deadFraction, change: true))).answersFromPoints)
        #expect(try PhaseAggregator(query: PhaseQuery(x: "targetStd", y: "momentum")).answersFromPoints)
    }
}
