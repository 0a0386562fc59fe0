/// A condition that did not become true in time; the message says what was awaited.
public struct TimedOut: Error, CustomStringConvertible {
    public let what: String
    public let seconds: Double
    public var description: String { "timed out after \(seconds) s waiting for \(what)" }
}

/// Polls `condition` every `interval` until it holds; throws `TimedOut` naming `what` after
/// `seconds`. The one polling helper of the test suites: bounded in time, never a bare sleep.
public func eventually(_ what: String, within seconds: Double = 20, every interval: Duration = .milliseconds(50),
                       _ condition: () async throws -> Bool) async throws {
    let deadline = ContinuousClock.now + .seconds(seconds)
    while ContinuousClock.now < deadline {
        if try await condition() { return }
        try await Task.sleep(for: interval)
    }
    if try await condition() { return }
    throw TimedOut(what: what, seconds: seconds)
}

/// Runs `body` with a deadline; the work is cancelled and `TimedOut` thrown when it passes.
public func withDeadline<T: Sendable>(_ seconds: Double, _ what: String,
                                      _ body: @escaping @Sendable () async throws -> T) async throws -> T {
    try await withThrowingTaskGroup(of: T?.self) { group in
        group.addTask { try await body() }
        group.addTask {
            try await Task.sleep(for: .seconds(seconds))
            return nil
        }
        defer { group.cancelAll() }
        guard let first = try await group.next(), let value = first else { throw TimedOut(what: what, seconds: seconds) }
        return value
    }
}
