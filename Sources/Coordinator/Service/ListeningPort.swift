import Synchronization

/// The port a coordinator listens on, once it does: waiters suspend until the server is up,
/// or get the error that kept it from listening.
final class ListeningPort: Sendable {
    private enum State {
        case waiting([CheckedContinuation<Int, any Error>])
        case listening(Int)
        case failed(CoordinatorError)
    }

    private let state = Mutex(State.waiting([]))

    func fulfill(_ port: Int) {
        let waiters = state.withLock { s -> [CheckedContinuation<Int, any Error>] in
            guard case .waiting(let w) = s else { return [] }
            s = .listening(port)
            return w
        }
        for w in waiters { w.resume(returning: port) }
    }

    /// Ends waiting with `error` unless the port is known; later waiters get it too.
    func fail(_ error: CoordinatorError) {
        let waiters = state.withLock { s -> [CheckedContinuation<Int, any Error>] in
            guard case .waiting(let w) = s else { return [] }
            s = .failed(error)
            return w
        }
        for w in waiters { w.resume(throwing: error) }
    }

    func value() async throws(CoordinatorError) -> Int {
        do {
            return try await withCheckedThrowingContinuation { (c: CheckedContinuation<Int, any Error>) in
                let ready: Result<Int, CoordinatorError>? = state.withLock { s in
                    switch s {
                    case .waiting(let w):
                        s = .waiting(w + [c])
                        return nil
                    case .listening(let p): return .success(p)
                    case .failed(let e): return .failure(e)
                    }
                }
                switch ready {
                case .success(let p)?: c.resume(returning: p)
                case .failure(let e)?: c.resume(throwing: e)
                case nil: break
                }
            }
        } catch let e as CoordinatorError {
            throw e
        } catch {
            throw .notListening("\(error)")
        }
    }

    /// The port if listening now.
    var current: Int? {
        state.withLock { s in
            if case .listening(let p) = s { return p }
            return nil
        }
    }
}
