import Synchronization

/// Something that happens once or more, seen from several threads: Ctrl-C presses during
/// `run` (the first stops gracefully, the second exits) and the end of its local worker.
final class Interruption: Sendable {
    private let count = Atomic<Int>(0)

    /// Records a signal; true for the first one.
    func signal() -> Bool { count.add(1, ordering: .relaxed).newValue == 1 }
    var isSet: Bool { count.load(ordering: .relaxed) > 0 }
}
