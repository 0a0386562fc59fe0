import Foundation
import Logging
import SweepModel

extension Worker {
    /// The outbox could not be written (a full disk, most likely). The first time: say why and
    /// what happens, stop leasing, and wake the lease loop to give back the leases not yet
    /// training (their results could not be kept). Trials already training finish; results
    /// are posted from memory meanwhile, and written to the outbox once it has room.
    func outboxFailed(_ problem: WorkerError, log: WorkerLog) {
        let first = state.withLock { s -> Bool in
            let first = s.outboxProblem == nil
            s.outboxProblem = problem
            if first { s.summary.outboxStalls += 1 }
            return first
        }
        guard first else { return }
        logger.error("\(problem.description): no new leases until the outbox can be written again (free space on its disk)",
                     metadata: ["then": "leases not yet training are released; trials already training finish, their results posted from memory"])
        log.write(WorkerLogEntry(event: "outboxFull", worker: configuration.name, detail: problem.description))
        leaseWake.signal()
    }

    /// The outbox takes writes again: leasing resumes.
    func outboxWritable(log: WorkerLog) {
        let was = state.withLock { s -> Bool in
            defer { s.outboxProblem = nil }
            return s.outboxProblem != nil
        }
        guard was else { return }
        logger.info("the outbox can be written again; leasing again", metadata: ["outbox": "\(configuration.outboxPath)"])
        log.write(WorkerLogEntry(event: "outboxWritable", worker: configuration.name))
        leaseWake.signal()
    }

    var outboxBlocked: Bool { state.withLock { $0.outboxProblem != nil } }

    /// Gives back (to `toRelease`) every held lease that has not started training: while the
    /// outbox cannot be written, this worker cannot keep their results. Returns how many.
    @discardableResult
    func releaseUntrained() -> Int {
        state.withLock { s in
            let waiting = s.held.values.filter { !$0.training }
            for h in waiting {
                h.flag.cancel(.shutdown)
                s.held[h.grant.leaseId] = nil
                s.toRelease.append(h.grant.leaseId)
            }
            return waiting.count
        }
    }
}
