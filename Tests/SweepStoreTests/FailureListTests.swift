import Foundation
import GRDB
import ReLUCore
import SweepModel
import Testing
@testable import SweepStore

@Suite struct FailureListTests {
    let t0 = StoreFixture.t0

    @Test func failuresAreListedNewestFirstWithAttemptSweepsWorkerAndText() async throws {
        let f = try StoreFixture()
        let store = try f.open(StoreOptions(maxAttempts: 2))
        _ = try await store.submit(StoreFixture.grid("a", std: ["1"], momentum: ["0"], seeds: 2))
        _ = try await store.submit(StoreFixture.grid("b", std: ["3"], momentum: ["0"], seeds: 1))
        #expect(try await store.failures().isEmpty)
        let grants = try await store.lease(worker: "w1", slots: 3, now: t0).leases
        let a = try #require(grants.first { $0.sweepId == "a" })
        let b = try #require(grants.first { $0.sweepId == "b" })
        _ = try await store.record([StoreFixture.failure(a, "boom: <b>NaN</b> at step 3", worker: "w1")], now: t0)
        _ = try await store.record([StoreFixture.failure(b, "attempt text: not an attempt", worker: "w1")], now: t0)
        try await store.fail(trialId: a.trialId, error: "operator: crashes its worker", now: t0.addingTimeInterval(1))

        let all = try await store.failures(limit: 10)
        #expect(all.map(\.trialId) == [a.trialId, b.trialId, a.trialId])
        #expect(all.map(\.seq) == all.map(\.seq).sorted(by: >))
        #expect(all[0].final && all[0].attempt == 2 && all[0].maxAttempts == 2 && all[0].worker == nil)
        #expect(all[0].error == "operator: crashes its worker")
        #expect(all[1].error == "attempt text: not an attempt" && all[1].attempt == 1 && !all[1].final)
        #expect(all[2].error == "boom: <b>NaN</b> at step 3" && all[2].worker == "w1" && all[2].sweeps == ["a"])
        #expect(all[1].sweeps == ["b"])
        #expect(all[2].at == Timestamp(t0))

        #expect(try await store.failures(limit: 1).map(\.trialId) == [a.trialId])
        #expect(try await store.failures(limit: 10, sweepId: "b").map(\.trialId) == [b.trialId])
        #expect(try await store.failures(limit: 10, sweepId: "a").count == 2)
        await #expect(throws: StoreError.self) { try await store.failures(sweepId: "nope") }
        try store.close()
    }

    @Test func theFailureQueryUsesItsIndex() async throws {
        let f = try StoreFixture()
        let store = try f.open()
        let plan = try await store.pool.read { db in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN SELECT seq FROM events WHERE kind IN ('fail', 'failed') ORDER BY seq DESC LIMIT 5")
                .map { $0["detail"] as String? ?? "" }.joined(separator: "; ")
        }
        #expect(plan.contains("events_failures"), "plan: \(plan)")
        try store.close()
    }

    @Test(arguments: [
        ("attempt 2 of 3: out of memory", 2, 3, nil, "out of memory"),
        ("attempt 1 of 3: a: b: c", 1, 3, nil, "a: b: c"),
        ("attempt 1 of 3, configuration: csv data set \"x\" refused: y", 1, 3, "configuration", "csv data set \"x\" refused: y"),
        ("attempt x of 3: text", nil, nil, nil, "attempt x of 3: text"),
        ("attempt 1 of 3, : text", nil, nil, nil, "attempt 1 of 3, : text"),
        ("something else", nil, nil, nil, "something else"),
    ] as [(String, Int?, Int?, String?, String)])
    func eventDetailsSplitIntoAttemptKindAndText(detail: String, attempt: Int?, budget: Int?, kind: String?, text: String) {
        let p = TrialFailure.parse(detail: detail)
        #expect(p.attempt == attempt && p.maxAttempts == budget && p.kind?.rawValue == kind && p.error == text)
    }
}
