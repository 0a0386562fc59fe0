import Foundation
import Logging

/// Log setup of the long-running commands (worker, coordinator, run): swift-log lines on
/// standard error, `info` by default.
enum CommandLogging {
    nonisolated(unsafe) private static var done = false
    private static let lock = NSLock()

    static func bootstrap(level: Logger.Level) {
        lock.lock()
        defer { lock.unlock() }
        guard !done else { return }
        done = true
        LoggingSystem.bootstrap { label in
            var h = StreamLogHandler.standardError(label: label)
            h.logLevel = level
            return h
        }
    }
}
