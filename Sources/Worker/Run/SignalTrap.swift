import Dispatch
import Foundation

/// Turns SIGTERM/SIGINT into calls of a handler (on a dispatch queue, not in signal context),
/// so a worker or `relusweep run` can stop gracefully; the default action (exit) is disabled
/// while the trap lives.
public final class SignalTrap: @unchecked Sendable {
    // DispatchSource is thread-safe but not marked Sendable.
    private let sources: [any DispatchSourceSignal]
    private let signals: [Int32]

    public init(_ signals: [Int32] = [SIGTERM, SIGINT], handler: @escaping @Sendable (Int32) -> Void) {
        self.signals = signals
        let queue = DispatchQueue(label: "relusweep.signals")
        sources = signals.map { sig in
            signal(sig, SIG_IGN)
            let s = DispatchSource.makeSignalSource(signal: sig, queue: queue)
            s.setEventHandler { handler(sig) }
            s.resume()
            return s
        }
    }

    /// Restores the default actions.
    public func cancel() {
        for s in sources { s.cancel() }
        for sig in signals { signal(sig, SIG_DFL) }
    }
}
