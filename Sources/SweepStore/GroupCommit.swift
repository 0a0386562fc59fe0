import Synchronization

/// Group commit: concurrent callers' batches share one transaction (and one WAL sync). The
/// first caller to find no commit in progress becomes the leader: it runs every batch queued
/// so far in one `run` call, hands each caller its own answer, and repeats until the queue is
/// empty. A lone caller commits alone, at once; under load, N concurrent batches cost one
/// transaction instead of N. Each batch is still all-or-nothing and durable before its caller
/// returns; if the shared transaction fails, every batch in it gets the error.
final class GroupCommit<Input: Sendable, Output: Sendable>: Sendable {
    private struct Entry {
        var input: Input
        var slot: Slot
    }

    private struct State {
        var queue: [Entry] = []
        var flushing = false
    }

    private let state = Mutex(State())
    /// Runs a group of inputs in one transaction and returns one output per input, in order.
    private let run: @Sendable ([Input]) async throws(StoreError) -> [Output]
    /// Most inputs per transaction (bounds its size and the leader's extra wait).
    private let maxGroup: Int

    init(maxGroup: Int = 64, run: @escaping @Sendable ([Input]) async throws(StoreError) -> [Output]) {
        self.maxGroup = maxGroup
        self.run = run
    }

    func submit(_ input: Input) async throws(StoreError) -> Output {
        let slot = Slot()
        let lead = state.withLock { s -> Bool in
            s.queue.append(Entry(input: input, slot: slot))
            if s.flushing { return false }
            s.flushing = true
            return true
        }
        if lead {
            while true {
                let group = state.withLock { s -> [Entry] in
                    let g = Array(s.queue.prefix(maxGroup))
                    s.queue.removeFirst(g.count)
                    if g.isEmpty { s.flushing = false }
                    return g
                }
                if group.isEmpty { break }
                // The shared transaction runs in its own task: cancelling the leader's task (a
                // client that hung up) must not abort the other callers' commits.
                let inputs = group.map(\.input)
                let run = self.run
                let result = await Task { () -> Result<[Output], StoreError> in
                    do throws(StoreError) { return .success(try await run(inputs)) } catch { return .failure(error) }
                }.value
                switch result {
                case .success(let outputs):
                    for (e, o) in zip(group, outputs) { e.slot.fulfill(.success(o)) }
                case .failure(let error):
                    for e in group { e.slot.fulfill(.failure(error)) }
                }
            }
        }
        return try await slot.value()
    }

    /// A one-shot result a caller waits for; fulfilled once, possibly before anyone waits.
    private final class Slot: Sendable {
        private let box = Mutex<(result: Result<Output, StoreError>?, waiter: CheckedContinuation<Result<Output, StoreError>, Never>?)>((nil, nil))

        func fulfill(_ r: Result<Output, StoreError>) {
            let waiter = box.withLock { b -> CheckedContinuation<Result<Output, StoreError>, Never>? in
                b.result = r
                let w = b.waiter
                b.waiter = nil
                return w
            }
            waiter?.resume(returning: r)
        }

        func value() async throws(StoreError) -> Output {
            let r = await withCheckedContinuation { (c: CheckedContinuation<Result<Output, StoreError>, Never>) in
                let ready = box.withLock { b -> Result<Output, StoreError>? in
                    if let r = b.result { return r }
                    b.waiter = c
                    return nil
                }
                if let ready { c.resume(returning: ready) }
            }
            return try r.get()
        }
    }
}
