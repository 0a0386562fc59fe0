import Synchronization

/// Trial ids of each cell by seed, kept between plans: an id is a SHA-256 of the config's
/// canonical JSON, and a coordinator replans the same cells many times.
final class TrialIDCache: Sendable {
    private let ids = Mutex<[AdaptiveCellKey: [String]]>([:])

    func ids(of key: AdaptiveCellKey) -> [String] {
        ids.withLock { $0[key] } ?? []
    }

    func store(_ list: [String], for key: AdaptiveCellKey) {
        ids.withLock { table in
            if (table[key]?.count ?? 0) < list.count { table[key] = list }
        }
    }
}
