import Foundation
import ReLUCore
import SweepModel
import Testing
@testable import SweepStore

@Suite struct ExportTests {
    @Test func pagesCoverFinishedTrialsInGridOrder() async throws {
        let f = try StoreFixture()
        let store = try f.open(StoreOptions(maxAttempts: 1))
        let spec = try StoreFixture.grid(seeds: 3)
        _ = try await store.submit(spec)
        let l = try await store.lease(worker: "w1", slots: 100).leases
        // Leave two pending (released), fail one, finish the rest.
        _ = try await store.release(worker: "w1", leaseIds: [l[3].leaseId, l[7].leaseId])
        let items = l.enumerated().filter { ![3, 7].contains($0.offset) }.map { i, g in
            i == 5 ? StoreFixture.failure(g, "diverged badly") : StoreFixture.result(g, metrics: StoreFixture.metrics(deadFraction: Double(i) / 100))
        }
        _ = try await store.record(items)
        var all: [TrialRecord] = []
        var after: Int64? = nil
        repeat {
            let page = try await store.exportPage(sweepId: "g", after: after, limit: 4)
            #expect(page.records.count <= 4)
            all += page.records
            after = page.next
        } while after != nil
        let expected = try spec.trials().enumerated().filter { ![3, 7].contains($0.offset) }.map(\.element)
        #expect(all.map(\.trialId) == expected.map(\.id))
        #expect(all.map(\.config) == expected.map(\.config))
        let failed = all.filter { $0.error != nil }
        #expect(failed.count == 1 && failed[0].error == "diverged badly" && failed[0].trialId == l[5].trialId)
        #expect(all.first { $0.trialId == l[2].trialId }?.metrics?.deadFraction == 0.02)
        // Lines for results.jsonl and rows for CSV, in ReLUCore's forms.
        for r in all {
            #expect(try TrialRecord.parse(jsonLine: r.jsonLine()) == r)
        }
        let csv = ([TrialRecordCSV.headerLine] + all.map(TrialRecordCSV.row)).joined(separator: "\n")
        #expect(try TrialRecordCSV.parse(csv).map(\.trialId) == all.map(\.trialId))
        try store.close()
    }
}
