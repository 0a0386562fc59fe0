import Foundation
import SweepClient
import SweepModel
import Testing
@testable import Worker

@Suite struct ResultQueueTests {
    func item(_ n: Int) -> ResultItem {
        ResultItem(leaseId: String(format: "%032x", n), epoch: 1, trialId: String(format: "t%031x", n), metrics: nil, error: "e\(n)", provenance: Provenance(worker: "w", host: "h"))
    }

    @Test func firstIsOldestFirstAndRemoveKeepsTheRestInOrder() {
        var q = ResultQueue()
        for n in 0..<10 { q.add(item(n)) }
        q.add(item(3))  // already queued: ignored
        #expect(q.count == 10)
        #expect(q.first(4).map(\.error) == ["e0", "e1", "e2", "e3"])
        // Out-of-order removal (one batch answered before another).
        q.remove([item(1), item(5)].map { OutboxKey(leaseId: $0.leaseId, trialId: $0.trialId) })
        #expect(q.first(5).map(\.error) == ["e0", "e2", "e3", "e4", "e6"])
        q.remove([item(0)].map { OutboxKey(leaseId: $0.leaseId, trialId: $0.trialId) })
        #expect(q.first(100).map(\.error) == ["e2", "e3", "e4", "e6", "e7", "e8", "e9"])
        #expect(q.count == 7)
    }

    @Test func aRemovedItemAddedAgainIsListedOnce() {
        var q = ResultQueue()
        for n in 0..<3 { q.add(item(n)) }
        let key = OutboxKey(leaseId: item(2).leaseId, trialId: item(2).trialId)
        q.remove([key])
        q.add(item(2))
        #expect(q.first(10).map(\.error) == ["e0", "e1", "e2"])
    }

    /// Many batches through a long queue (the compaction of the dead prefix included): every
    /// item comes out once, in order.
    @Test func aLongQueueDrainsInOrder() {
        var q = ResultQueue()
        var next = 0, out: [String] = []
        for round in 0..<200 {
            for _ in 0..<(round % 3 == 0 ? 300 : 100) { q.add(item(next)); next += 1 }
            let batch = q.first(256)
            out += batch.compactMap(\.error)
            q.remove(batch.map { OutboxKey(leaseId: $0.leaseId, trialId: $0.trialId) })
        }
        while !q.isEmpty {
            let batch = q.first(256)
            out += batch.compactMap(\.error)
            q.remove(batch.map { OutboxKey(leaseId: $0.leaseId, trialId: $0.trialId) })
        }
        #expect(out == (0..<next).map { "e\($0)" })
    }
}
