import Foundation
import ReLUCore
import SweepModel
import Testing
import TestSupport
@testable import AdaptiveSweep

/// The table of every adaptive cell with its bounds (issue 14.4), from a finished simulated
/// sweep with a known boundary: one row per cell, counts and intervals as the planner's tallies,
/// the same table in Markdown, CSV and JSON.
@Suite struct AdaptiveCellTableTests {
    @Test func everyCellIsListedWithItsBoundsCountsAndInterval() throws {
        let (planner, d) = try RefinementTests.run(RefinementTests.grid)
        let table = AdaptiveCellTable(decision: d, planner: planner)
        #expect(table.cells.count == d.cells.count && table.finished && table.trials == d.trialCount)
        #expect(table.refinedAxes == ["targetStd", "momentum"] && table.facetKeys == ["lr"])
        #expect(table.cells.contains { $0.round > 0 })
        for c in table.cells {
            for axis in table.refinedAxes {
                let v = try #require(c.values[axis]), b = try #require(c.bounds[axis])
                #expect(b.count == 2 && b[0] <= v && v <= b[1] && b[0] < b[1], "\(axis) \(v) outside \(b)")
            }
            let fraction = try #require(c.fraction), lower = try #require(c.lower), upper = try #require(c.upper)
            #expect(c.n > 0 && fraction == Double(c.yes) / Double(c.n) && lower <= fraction && fraction <= upper)
            #expect(c.stop != nil)
        }
        // Sorted by facet, then by the refined axes' values.
        let facet0 = table.cells.filter { $0.facet["lr"] == .double(0.05) }
        #expect(facet0.count == d.cells.filter { $0.key.facet == 0 }.count)
        #expect(facet0.map { [$0.values["targetStd"]!, $0.values["momentum"]!] } == facet0.map { [$0.values["targetStd"]!, $0.values["momentum"]!] }
            .sorted { $0.lexicographicallyPrecedes($1) })

        let csv = table.csv().split(separator: "\n")
        #expect(csv.count == table.cells.count + 1)
        #expect(csv[0] == "lr,targetStd,targetStdLower,targetStdUpper,momentum,momentumLower,momentumUpper,round,n,yes,failed,fraction,lower,upper,stop")
        let md = table.markdown()
        #expect(md.split(separator: "\n").filter { $0.hasPrefix("| ") }.count == table.cells.count + 1)
        #expect(md.contains("\(table.cells.count) cells, \(table.trials) trials"))
        let decoded = try JSONDecoder().decode(AdaptiveCellTable.self, from: Data(try table.json().utf8))
        #expect(decoded == table)
    }
}
