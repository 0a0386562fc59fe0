import Foundation

/// Where the store reads the time (lease expiry, throughput, live workers): the system clock,
/// or a clock a test sets and advances, so expiry is tested without waiting for it.
public struct StoreClock: Sendable {
    public let now: @Sendable () -> Date

    public init(now: @escaping @Sendable () -> Date) {
        self.now = now
    }

    public static let system = StoreClock { Date() }
}
