import ServiceLifecycle
import UnixSignals

/// A second SIGTERM/SIGINT while a command shuts down gracefully. The command's ServiceGroup
/// turns the first signal into a graceful shutdown and stops listening; this service, placed
/// first in the group (so it is shut down last), counts the signals too and calls `onRepeat` for
/// every one after the first: `worker` skips its grace period, `run` exits at once.
struct SignalEscalation: Service {
    var signals: [UnixSignal] = [.sigterm, .sigint]
    let onRepeat: @Sendable (UnixSignal) -> Void

    func run() async throws {
        let caught = await UnixSignalsSequence(trapping: signals)
        try? await cancelWhenGracefulShutdown {
            var count = 0
            for await signal in caught {
                count += 1
                if count > 1 { onRepeat(signal) }
            }
        }
    }
}
