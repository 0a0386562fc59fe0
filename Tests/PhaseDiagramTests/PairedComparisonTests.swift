import Foundation
import ReLUCore
import SweepModel
import Testing
import TestSupport
@testable import PhaseDiagram

/// Pairing trials on shared seeds (`relusweep compare`).
@Suite struct PairedComparisonTests {
    /// targetStd {1e-3, 1} x seeds 0..9 at momentum 0 and 0.9.
    /// 1e-3: momentum 0 collapses at seed 0; 0.9 at seeds 0-8  -> yy 1, b 0, c 8, nn 1.
    /// 1:    momentum 0 collapses at seeds 0, 1; 0.9 at seed 1 -> yy 1, b 1, c 0, nn 8.
    /// Plus: a repeat, a conflicting repeat, a failed trial, a trial at momentum 0.5, and two
    /// trials without a partner (another seed; another lr).
    func records() -> [TrialRecord] {
        var out: [TrialRecord] = []
        for seed in 0..<10 {
            out.append(TestRecords.record(nil, targetStd: 1e-3, momentum: 0, seed: seed, collapsed: seed == 0))
            out.append(TestRecords.record(nil, targetStd: 1e-3, momentum: 0.9, seed: seed, collapsed: seed <= 8))
            out.append(TestRecords.record(nil, targetStd: 1, momentum: 0, seed: seed, collapsed: seed <= 1))
            out.append(TestRecords.record(nil, targetStd: 1, momentum: 0.9, seed: seed, collapsed: seed == 1))
        }
        out.append(TestRecords.record(nil, targetStd: 1, momentum: 0.9, seed: 1, collapsed: true))   // repeat
        out.append(TestRecords.record(nil, targetStd: 1, momentum: 0.9, seed: 2, collapsed: true))   // conflicting repeat
        out.append(TestRecords.failed(nil, targetStd: 1, momentum: 0, seed: 20))
        out.append(TestRecords.record(nil, targetStd: 1, momentum: 0.5, seed: 0, collapsed: true))
        out.append(TestRecords.record(nil, targetStd: 1, momentum: 0.9, seed: 11, collapsed: true))
        out.append(TestRecords.record(nil, targetStd: 1, momentum: 0, seed: 3, lr: 0.1, collapsed: true))
        return out
    }

    /// (yes, yes), (yes, no), (no, yes), (no, no).
    func table(_ c: PairedCounts) -> [Int] { [c.bothYes, c.firstYesSecondNo, c.firstNoSecondYes, c.bothNo] }

    func query(_ by: String = "momentum=0,0.9", facets: [ConfigKey] = [], conditions: [RecordCondition] = []) throws -> CompareQuery {
        let (key, a, b) = try CompareQuery.parseBy(by)
        return try CompareQuery(key: key, first: a, second: b, metric: .collapsed, facets: facets, conditions: conditions)
    }

    @Test func pairsOnEveryOtherKeyAndTheSeed() throws {
        var comparison = PairedComparison(query: try query(facets: [.targetStd]))
        comparison.add(records())
        let r = try comparison.result()
        #expect(r.pooled.pairs == 20)
        #expect(r.pooled.bothYes == 2 && r.pooled.firstYesSecondNo == 1 && r.pooled.firstNoSecondYes == 8 && r.pooled.bothNo == 9)
        // 2 (1 + 9) / 2^9.
        #expect(abs(r.pooled.pValue - 0.0390625) < 1e-15)
        #expect(r.pooled.firstFraction == 3.0 / 20 && r.pooled.secondFraction == 10.0 / 20)
        #expect(r.groups.map { $0.facet["targetStd"] } == [.double(1e-3), .double(1)])
        let small = r.groups[0], unit = r.groups[1]
        #expect(table(small) == [1, 0, 8, 1] as [Int])
        #expect(abs(small.pValue - 2.0 / 256) < 1e-15)
        #expect(table(unit) == [1, 1, 0, 8] as [Int])
        #expect(unit.pValue == 1)
        let t = r.totals
        #expect(t.recordsRead == 46)
        #expect(t.duplicates == 1 && t.conflicts == 1 && t.failed == 1 && t.otherValues == 1)
        #expect(t.firstTrials == 21 && t.secondTrials == 21 && t.unpaired == 2)
    }

    @Test("reads a results.jsonl as a stream; the same counts as records in memory")
    func fromAFile() throws {
        let dir = try TestRecords.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("results.jsonl").path
        try (records().map { try $0.jsonLine() }.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        var fromFile = PairedComparison(query: try query())
        try fromFile.add(try ResultFiles.source(at: path))
        var inMemory = PairedComparison(query: try query())
        inMemory.add(records())
        #expect(try fromFile.result() == inMemory.result())
    }

    @Test("--where on an init metric keeps the pairs whose trials satisfy it")
    func conditioned() throws {
        var recs = records()
        // Odd seeds start with a negative slope.
        for i in recs.indices {
            let slope = recs[i].config.seed % 2 == 0 ? 0.5 : -0.5
            recs[i].metrics?.initSlope = slope
        }
        var comparison = PairedComparison(query: try query(conditions: [try RecordCondition(parsing: "initSlope>0")]))
        comparison.add(recs)
        let r = try comparison.result()
        // Even seeds 0, 2, 4, 6, 8 at both targetStd: 1e-3 gives yy 1 (seed 0), c 4; 1 gives b 1 (seed 0), nn 4.
        #expect(r.pooled.pairs == 10)
        #expect(table(r.pooled) == [1, 1, 4, 4] as [Int])
        #expect(r.totals.excludedByCondition > 0)
        #expect(r.conditions == ["initSlope>0"])
        // Without initSlope in the records, the condition cannot be read on any of them.
        var unreadable = PairedComparison(query: try query(conditions: [try RecordCondition(parsing: "initSlope>0")]))
        unreadable.add(records())
        #expect(throws: CompareError.self) { try unreadable.result() }
        #expect(unreadable.totals.conditionUnreadable == 44)
    }

    @Test func clearErrors() throws {
        var absent = PairedComparison(query: try query("momentum=0,0.99"))
        absent.add(records())
        do {
            _ = try absent.result()
            Issue.record("compared a value no trial has")
        } catch {
            guard case .valueNotPresent("momentum", .double(0.99), _) = error else { Issue.record("\(error)"); return }
            #expect(error.description.contains("no trial has momentum = 0.99"))
            #expect(error.description.contains("0.5") && error.description.contains("0.9"))
        }
        // Two sides that never agree on lr: no pairs, and lr is named.
        let lonely = [TestRecords.record(nil, momentum: 0, seed: 1, lr: 0.1), TestRecords.record(nil, momentum: 0.9, seed: 1, lr: 0.01)]
        var none = PairedComparison(query: try query())
        none.add(lonely)
        do {
            _ = try none.result()
            Issue.record("paired trials with different lr")
        } catch {
            guard case .noPairs(_, _, _, 1, 1, let differing) = error else { Issue.record("\(error)"); return }
            #expect(differing == ["lr"])
            #expect(error.description.contains("no pairs"))
        }
        #expect(throws: CompareError.self) { try CompareQuery.parseBy("momentum=0") }
        #expect(throws: CompareError.self) { try CompareQuery.parseBy("speed=0,1") }
        #expect(throws: CompareError.self) { try CompareQuery.parseBy("momentum=0,fast") }
        #expect(throws: CompareError.sameValues(key: "momentum", value: .double(0.9))) { try query("momentum=0.9,0.9") }
        #expect(throws: CompareError.replicateKey("seed")) { try query("seed=1,2") }
        #expect(CompareError.notYesNo("deadFraction").description.contains("not a yes/no outcome"))
    }
}

extension PairedComparisonTests {
    @Test("--ignore lets pairs differ in a zipped key (optimizer with its lr)")
    func ignoringAZippedKey() throws {
        let recs = (0..<4).flatMap { seed in
            [TestRecords.record(nil, seed: seed, optimizer: .sgd, lr: 0.01, collapsed: false),
             TestRecords.record(nil, seed: seed, optimizer: .momentum, lr: 0.001, collapsed: seed < 3)]
        }
        let strict = try CompareQuery(key: .optimizer, first: .string("sgd"), second: .string("momentum"), metric: .collapsed)
        var none = PairedComparison(query: strict)
        none.add(recs)
        #expect(throws: CompareError.self) { try none.result() }
        let loose = try CompareQuery(key: .optimizer, first: .string("sgd"), second: .string("momentum"), metric: .collapsed,
                                     ignoring: [.lr])
        var paired = PairedComparison(query: loose)
        paired.add(recs)
        let r = try paired.result()
        #expect(r.pooled.pairs == 4 && r.pooled.firstNoSecondYes == 3 && r.ignoring == ["lr"])
        #expect(throws: CompareError.facetIsIgnored("lr")) {
            try CompareQuery(key: .optimizer, first: .string("sgd"), second: .string("adam"), metric: .collapsed, facets: [.lr], ignoring: [.lr])
        }
    }
}
