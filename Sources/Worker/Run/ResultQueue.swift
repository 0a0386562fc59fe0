import SweepClient
import SweepModel

/// Results waiting to be posted, oldest first, keyed like the outbox.
///
/// `first` and `remove` cost O(batch), not O(queue): the queue once sorted every item for every
/// batch, and a worker whose posting fell behind (100,000 results queued on issue 13's million
/// tiny trials) spent its time sorting under the state lock and fell further behind.
struct ResultQueue: Sendable {
    private var items: [OutboxKey: ResultItem] = [:]
    /// Keys in arrival order from `head` on; a removed key stays until the head passes it.
    private var order: [OutboxKey] = []
    private var head = 0

    var count: Int { items.count }
    var isEmpty: Bool { items.isEmpty }

    mutating func add(_ item: ResultItem) {
        let key = OutboxKey(leaseId: item.leaseId, trialId: item.trialId)
        guard items[key] == nil else { return }
        items[key] = item
        order.append(key)
    }

    /// Up to `max` oldest items, left in the queue until `remove`.
    func first(_ max: Int) -> [ResultItem] {
        var out: [ResultItem] = []
        var seen: Set<OutboxKey> = []  // a key removed and added again is in `order` twice
        var i = head
        while out.count < max, i < order.count {
            if let item = items[order[i]], seen.insert(order[i]).inserted { out.append(item) }
            i += 1
        }
        return out
    }

    mutating func remove(_ keys: [OutboxKey]) {
        for k in keys { items[k] = nil }
        // Advance past removed keys; drop the dead prefix once it is half the array.
        while head < order.count, items[order[head]] == nil { head += 1 }
        if head > 1024, head * 2 > order.count {
            order.removeFirst(head)
            head = 0
        }
    }
}
