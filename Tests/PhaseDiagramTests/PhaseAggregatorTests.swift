import TestSupport
import Plot
import SweepModel
import Testing
import ReLUCore
@testable import PhaseDiagram

@Suite struct PhaseAggregatorTests {
    /// targetStd {1e-3, 1} × momentum {0, 0.9}; in (1e-3, 0.9) 3 of 4 seeds collapse, one of them
    /// listed twice (a duplicate) and one failed trial; (1, 0.9) has one trial with a conflicting
    /// duplicate; (1e-3, 0) has only a failed trial; (1, 0) has nothing.
    func crafted() -> [TrialRecord] {
        [
            TestRecords.record("a1", targetStd: 1e-3, momentum: 0.9, seed: 1, collapsed: true, dead: 1, nmse: 1),
            TestRecords.record("a2", targetStd: 1e-3, momentum: 0.9, seed: 2, collapsed: true, dead: 1, nmse: 1),
            TestRecords.record("a3", targetStd: 1e-3, momentum: 0.9, seed: 3, collapsed: true, dead: 0.5, nmse: nil),
            TestRecords.record("a4", targetStd: 1e-3, momentum: 0.9, seed: 4, collapsed: false, dead: 0.5, nmse: 0.2),
            TestRecords.record("a1", targetStd: 1e-3, momentum: 0.9, seed: 1, collapsed: true, dead: 1, nmse: 1, wallSeconds: 9),
            TestRecords.failed("a5", targetStd: 1e-3, momentum: 0.9, seed: 5),
            TestRecords.record("b1", targetStd: 1, momentum: 0.9, seed: 1, collapsed: false, dead: 0, nmse: 0.01),
            TestRecords.record("b1", targetStd: 1, momentum: 0.9, seed: 1, collapsed: true, dead: 1, nmse: 1),
            TestRecords.failed("c1", targetStd: 1e-3, momentum: 0, seed: 1),
        ]
    }

    @Test func cellsCountDuplicatesOnceAndShowFailuresAndConflicts() throws {
        let table = try PhaseAggregator(query: PhaseQuery(x: "targetStd", y: "momentum")).aggregate(crafted())
        #expect(table.xValues == [.double(1e-3), .double(1)])
        #expect(table.yValues == [.double(0), .double(0.9)])
        #expect(table.cells.count == 4)

        let hot = try #require(table.cell(x: .double(1e-3), y: .double(0.9)))
        #expect(hot.n == 4)
        #expect(hot.failed == 1)
        #expect(hot.collapsed == 3)
        #expect(hot.fraction == 0.75)
        let wilson = try #require(WilsonInterval.interval(successes: 3, trials: 4))
        #expect(hot.lower == wilson.lowerBound && hot.upper == wilson.upperBound)
        #expect(hot.deadFractionMean == 0.75)
        #expect(hot.nmseCount == 4)
        #expect(hot.nmseMedian == 1)  // 0.2, 1, 1, inf
        #expect(hot.missing == nil)

        let conflicted = try #require(table.cell(x: .double(1), y: .double(0.9)))
        #expect(conflicted.n == 1)
        #expect(conflicted.conflicts == 1)
        #expect(conflicted.collapsed == 0)  // the first record read is kept

        let onlyFailed = try #require(table.cell(x: .double(1e-3), y: .double(0)))
        #expect(onlyFailed.n == 0 && onlyFailed.failed == 1 && onlyFailed.fraction == nil)
        let empty = try #require(table.cell(x: .double(1), y: .double(0)))
        #expect(empty.n == 0 && empty.failed == 0 && empty.isEmpty)

        #expect(table.totals.recordsRead == 9)
        #expect(table.totals.trials == 7)
        #expect(table.totals.duplicates == 1)
        #expect(table.totals.failed == 2)
        #expect(table.totals.withMetrics == 5)
        #expect(table.conflicts.count == 1)
    }

    @Test func expectedCountsGiveMissingCells() throws {
        let aggregator = try PhaseAggregator(query: PhaseQuery(x: "targetStd", y: "momentum"))
        let table = try aggregator.aggregate(crafted(), expected: .perCell(5))
        #expect(table.cell(x: .double(1e-3), y: .double(0.9))?.missing == 0)   // 4 + 1 failed
        #expect(table.cell(x: .double(1), y: .double(0.9))?.missing == 4)
        #expect(table.cell(x: .double(1), y: .double(0))?.missing == 5)
        #expect(table.totals.missing == 0 + 4 + 4 + 5)
    }

    @Test func expectedConfigsAddCellsThatHaveNoRecordsAtAll() throws {
        let grid = [1e-4, 1e-3, 1].flatMap { s in (0..<2).map { TestRecords.config(targetStd: s, momentum: 0.9, seed: $0) } }
        let table = try PhaseAggregator(query: PhaseQuery(x: "targetStd", y: "momentum"))
            .aggregate(crafted(), expected: .configs(grid))
        #expect(table.xValues.contains(.double(1e-4)))
        let absent = try #require(table.cell(x: .double(1e-4), y: .double(0.9)))
        #expect(absent.n == 0 && absent.expected == 2 && absent.missing == 2)
        // Cells the grid does not expect: expected 0, and extra trials are not negative missing.
        #expect(table.cell(x: .double(1e-3), y: .double(0))?.expected == 0)
        #expect(table.cell(x: .double(1e-3), y: .double(0))?.missing == 0)
    }

    @Test func explicitCountsPerCell() throws {
        let key = PhaseCellKey(x: .double(1), y: .double(0.9))
        let table = try PhaseAggregator(query: PhaseQuery(x: "targetStd", y: "momentum"))
            .aggregate(crafted(), expected: .counts([key: 3]))
        #expect(table.cell(x: .double(1), y: .double(0.9))?.missing == 2)
        #expect(table.cell(x: .double(1), y: .double(0))?.missing == 0)
    }

    @Test func facetsSplitIntoPanelsWithTheFullGridEach() throws {
        let records = [
            TestRecords.record("d1", targetStd: 1, depth: 1, collapsed: true),
            TestRecords.record("d2", targetStd: 0.1, depth: 1),
            TestRecords.record("d3", targetStd: 1, depth: 8, optimizer: .adam),
        ]
        let table = try PhaseAggregator(query: PhaseQuery(x: "targetStd", y: "optimizer", facets: ["depth"])).aggregate(records)
        #expect(table.facets == [["depth": .double(1)], ["depth": .double(8)]])
        #expect(table.yValues == [.string("adam"), .string("momentum")])
        #expect(table.cells.count == 2 * 2 * 2)
        #expect(table.cells(inFacet: 1).map(\.n).reduce(0, +) == 1)
        #expect(table.cell(x: .double(1), y: .string("momentum"), facet: ["depth": .double(1)])?.collapsed == 1)
        #expect(table.cell(x: .double(1), y: .string("adam"), facet: ["depth": .double(8)])?.n == 1)
        #expect(table.facetLabel(1) == "depth=8")
    }

    @Test func keysThatVaryInsideACellAreReportedAsPooled() throws {
        let records = [
            TestRecords.record("p1", targetStd: 1, seed: 1, lr: 1e-3),
            TestRecords.record("p2", targetStd: 1, seed: 2, lr: 1e-2),
        ]
        let table = try PhaseAggregator(query: PhaseQuery(x: "targetStd", y: "momentum")).aggregate(records)
        #expect(table.pooledKeys == ["lr"])
        let separated = try PhaseAggregator(query: PhaseQuery(x: "targetStd", y: "momentum", facets: ["lr"])).aggregate(records)
        #expect(separated.pooledKeys.isEmpty)
    }

    @Test func metricsSelectTheCellStatistic() throws {
        let records = (0..<8).map { TestRecords.record("m\($0)", seed: $0, dead: Double($0) / 8, nmse: Double($0 + 1)) }
        let dead = try PhaseAggregator(query: PhaseQuery(x: "targetStd", y: "momentum", metric: .deadFraction)).aggregate(records)
        let cell = try #require(dead.cells.first)
        #expect(cell.fraction == cell.deadFractionMean)
        #expect(abs((cell.fraction ?? 0) - 3.5 / 8) < 1e-12)
        #expect(cell.lower != nil && cell.lower! < cell.fraction!)
        let nmse = try PhaseAggregator(query: PhaseQuery(x: "targetStd", y: "momentum", metric: .nmse)).aggregate(records)
        #expect(nmse.cells.first?.fraction == 4.5)
        #expect(nmse.cells.first?.lower == 1 && nmse.cells.first?.upper == 8)  // n = 8: ranks 1 and 8
    }

    @Test func stepAxisAggregatesTheTrace() throws {
        var a = TestRecords.record("s1", optimizer: .sgd)
        a.metrics = TestRecords.metrics(dead: 0.5, trace: [(0, 0.1, false), (50, 0.3, false), (100, 0.5, false)])
        var b = TestRecords.record("s2", seed: 1, optimizer: .sgd)
        b.metrics = TestRecords.metrics(dead: 0.7, trace: [(0, 0.3, false), (50, 0.5, false), (100, 0.7, true)])
        let noTrace = TestRecords.record("s3", seed: 2, optimizer: .adam)
        let table = try PhaseAggregator(query: PhaseQuery(x: "step", y: "optimizer", metric: .deadFraction))
            .aggregate([a, b, noTrace, TestRecords.failed("s4")])
        #expect(table.xValues == [.double(0), .double(50), .double(100)])
        #expect(table.yValues == [.string("sgd")])
        let last = try #require(table.cell(x: .double(100), y: .string("sgd")))
        #expect(last.n == 2)
        #expect(abs((last.fraction ?? 0) - 0.6) < 1e-12)
        #expect(last.collapsed == 1)
        #expect(table.totals.withoutTrace == 1)
        #expect(table.totals.failedUnplaced == 1)
    }

    @Test func unknownKeysListTheAllowedOnes() {
        let error = #expect(throws: PhaseError.self) { try PhaseAggregator(query: PhaseQuery(x: "sigma", y: "momentum")) }
        let text = error?.description ?? ""
        #expect(text.hasPrefix("x: unknown key 'sigma'") && text.contains("targetStd"))
        // Callers spell the parameters their own way (the CLI's flags).
        #expect(error?.message(naming: { "--" + $0.rawValue }).hasPrefix("--x: unknown key 'sigma'") == true)
        #expect(throws: PhaseError.sameAxes(key: "momentum")) { try PhaseAggregator(query: PhaseQuery(x: "momentum", y: "momentum")) }
        #expect(throws: PhaseError.facetIsAnAxis(facet: "momentum", x: "targetStd", y: "momentum")) {
            try PhaseAggregator(query: PhaseQuery(x: "targetStd", y: "momentum", facets: ["momentum"]))
        }
        #expect(throws: PhaseError.stepAsFacet) { try PhaseAggregator(query: PhaseQuery(x: "targetStd", y: "momentum", facets: ["step"])) }
    }

    @Test func varyingKeysNameWhatCouldBeAnAxis() throws {
        let varying = try PhaseAggregator.varyingKeys([InMemoryResultSource(name: "crafted", records: crafted())])
        #expect(varying.map(\.key) == ["targetStd", "momentum", "seed"])
        #expect(varying.first?.values == 2)
    }

    @Test func forcedLogScaleOfZeroIsAnError() throws {
        let aggregator = try PhaseAggregator(query: PhaseQuery(x: "targetStd", y: "momentum", yScale: .log))
        let error = #expect(throws: PhaseError.self) { try aggregator.aggregate(crafted()) }
        #expect(error?.description.hasPrefix("yScale: 'momentum' cannot be drawn on a log axis") == true)
    }
}
