import TestSupport
import Plot
import Foundation
import Testing
import ReLUCore
@testable import PhaseDiagram

@Suite struct TableRendererTests {
    func table(expected: ExpectedTrials? = .perCell(3)) throws -> PhaseTable {
        let records = [
            TestRecords.record("a", targetStd: 1e-3, momentum: 0.9, seed: 0, collapsed: true),
            TestRecords.record("b", targetStd: 1e-3, momentum: 0.9, seed: 1, collapsed: false),
            TestRecords.failed("c", targetStd: 1e-3, momentum: 0.9, seed: 2),
            TestRecords.record("d", targetStd: 1, momentum: 0, seed: 0),
            TestRecords.record("e", targetStd: 0.1, momentum: 0.5, seed: 0, nmse: nil),
        ]
        return try PhaseAggregator(query: PhaseQuery(x: "targetStd", y: "momentum")).aggregate(records, expected: expected)
    }

    @Test func markdownTableHasARowPerYAndAColumnPerX() throws {
        let t = try table()
        let md = MarkdownPhaseRenderer.render(t)
        let rows = md.split(separator: "\n").filter { $0.hasPrefix("|") }
        #expect(rows.count == 2 + t.yValues.count)
        for row in rows { #expect(row.filter { $0 == "|" }.count == t.xValues.count + 2) }
        #expect(rows[0] == "| momentum \\ targetStd | 0.001 | 0.1 | 1 |")
        let hot = try #require(rows.first { $0.hasPrefix("| 0.9 ") })
        let wilson = try #require(WilsonInterval.interval(successes: 1, trials: 2))
        #expect(hot.contains("0.50 [\(NumberFormat.fraction(wilson.lowerBound)), \(NumberFormat.fraction(wilson.upperBound))] n=2; 1 failed"))
        #expect(hot.contains("n=0; 3 missing"))
        #expect(md.contains("Totals: 5 records read"))
        #expect(md.contains("1 failed"))
    }

    @Test func markdownMarksEmptyCellsWithoutExpectations() throws {
        let md = MarkdownPhaseRenderer.render(try table(expected: nil))
        #expect(md.contains("| — |") || md.contains(" — |"))
        #expect(md.contains("missing unknown"))
    }

    @Test func jsonRoundTripsWithTheDocumentedKeys() throws {
        let t = try table()
        let json = try JSONPhaseRenderer.render(t)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let cells = try #require(object["cells"] as? [[String: Any]])
        #expect(cells.count == 9)
        for key in ["x", "y", "facet", "n", "fraction", "lower", "upper", "failed", "missing", "deadFractionMean", "nmseMedian"] {
            #expect(cells.contains { $0[key] != nil }, "key \(key)")
        }
        let hot = try #require(cells.first { ($0["x"] as? Double) == 1e-3 && ($0["y"] as? Double) == 0.9 })
        #expect(hot["n"] as? Int == 2)
        #expect(hot["fraction"] as? Double == 0.5)
        #expect(hot["facet"] as? [String: Any] != nil)
        // nmse nil with nTest > 0 is an infinite nMSE, spelled "inf".
        #expect(json.contains("\"inf\""))
        let back = try JSONPhaseRenderer.decode(json)
        #expect(back == t)
    }

    @Test func csvHasOneRowPerCellNamedByKeys() throws {
        let t = try table()
        let csv = CSVPhaseRenderer.render(t)
        let lines = csv.split(separator: "\n")
        #expect(lines.count == 1 + t.cells.count)
        #expect(lines[0].hasPrefix("targetStd,momentum,metric,n,failed,missing,expected,conflicts,fraction,lower,upper"))
        #expect(lines.contains { $0.hasPrefix("0.001,0.9,collapsed,2,1,0,3,0,0.5,") })
    }

    @Test func outputNamesArePredictable() {
        #expect(PhaseOutputNames.phaseStem(PhaseQuery(x: "targetStd", y: "momentum")) == "phase-collapsed-targetStd-momentum")
        #expect(PhaseOutputNames.linesStem(PhaseQuery(x: "step", y: "optimizer", facets: ["model", "depth"], metric: .deadFraction))
                == "lines-deadFraction-step-optimizer-by-model-depth")
    }
}
