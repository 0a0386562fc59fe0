import SweepClient
import Foundation

/// Runs CPU-bound work on a thread of its own and awaits its value. `Trainer.run` is
/// synchronous and takes seconds; on Swift's cooperative pool (one thread per core) a few of
/// them would starve the heartbeat and posting tasks, and leases would expire under load.
enum TrainingThread {
    /// Stack of the training threads: the core keeps its arrays on the heap, 8 MiB is the
    /// usual main-thread size and leaves room for deep models.
    static let stackSize = 8 << 20

    static func run<T: Sendable>(name: String, _ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            let thread = Thread {
                continuation.resume(returning: body())
            }
            thread.name = name
            thread.stackSize = stackSize
            thread.start()
        }
    }
}
