import SweepClient
import Synchronization

/// A wake-up for a loop that sleeps until something happens or a timeout passes (a slot
/// freed, a result queued, a stop requested). A signal with nobody waiting is kept for the
/// next wait, so none is lost between checking state and going to sleep.
final class WakeSignal: Sendable {
    private struct State {
        var pending = false
        var waiters: [Int: CheckedContinuation<Void, Never>] = [:]
        var nextId = 0
    }

    private let state = Mutex(State())

    /// Wakes every waiter, or the next one to wait.
    func signal() {
        let toResume = state.withLock { s -> [CheckedContinuation<Void, Never>] in
            if s.waiters.isEmpty {
                s.pending = true
                return []
            }
            let w = Array(s.waiters.values)
            s.waiters.removeAll()
            return w
        }
        for c in toResume { c.resume() }
    }

    /// Returns when signalled, after `timeout` seconds, or when the task is cancelled.
    func wait(timeout: Double) async {
        if consumePending() { return }
        guard timeout > 0 else { return }
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.waitForSignal() }
            group.addTask { try? await Task.sleep(for: .seconds(timeout)) }
            await group.next()
            group.cancelAll()
        }
    }

    private func consumePending() -> Bool {
        state.withLock { s in
            defer { s.pending = false }
            return s.pending
        }
    }

    private func waitForSignal() async {
        let id = state.withLock { s in
            defer { s.nextId += 1 }
            return s.nextId
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
                let resumeNow = state.withLock { s -> Bool in
                    if s.pending || Task.isCancelled {
                        s.pending = false
                        return true
                    }
                    s.waiters[id] = c
                    return false
                }
                if resumeNow { c.resume() }
            }
        } onCancel: {
            let c = state.withLock { s in s.waiters.removeValue(forKey: id) }
            c?.resume()
        }
    }
}
