import SweepClient
import SweepModel

/// Results waiting to be posted, oldest first, keyed like the outbox.
struct ResultQueue: Sendable {
    private var items: [OutboxKey: (order: Int, item: ResultItem)] = [:]
    private var nextOrder = 0

    var count: Int { items.count }
    var isEmpty: Bool { items.isEmpty }

    mutating func add(_ item: ResultItem) {
        let key = OutboxKey(leaseId: item.leaseId, trialId: item.trialId)
        guard items[key] == nil else { return }
        items[key] = (nextOrder, item)
        nextOrder += 1
    }

    /// Up to `max` oldest items, left in the queue until `remove`.
    func first(_ max: Int) -> [ResultItem] {
        items.values.sorted { $0.order < $1.order }.prefix(max).map(\.item)
    }

    mutating func remove(_ keys: [OutboxKey]) {
        for k in keys { items[k] = nil }
    }
}
