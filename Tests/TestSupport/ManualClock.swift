import Foundation
import Synchronization

/// A clock a test sets and advances: lease expiry and timeouts tested without waiting for them.
public final class ManualClock: Sendable {
    private let time: Mutex<Date>

    public init(_ start: Date = Date(timeIntervalSince1970: 1_800_000_000)) {
        time = Mutex(start)
    }

    public func now() -> Date { time.withLock { $0 } }

    public func advance(seconds: Double) {
        time.withLock { $0 = $0.addingTimeInterval(seconds) }
    }
}
