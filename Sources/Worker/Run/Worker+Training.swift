import Foundation
import Logging
import ReLUCore
import SweepModel

extension Worker {
    /// What became of one leased trial.
    enum TrialOutcome: Sendable {
        case result(ResultItem, outboxError: WorkerError?)
        case cancelled
    }

    /// Trains one leased trial on its own thread; the result goes to the outbox (on that
    /// thread, fsync included) and then to the poster.
    func train(_ grant: LeaseGrant, outbox: Outbox, log: WorkerLog) async {
        guard let flag = state.withLock({ $0.held[grant.leaseId]?.flag }) else { return }
        let worker = configuration.name
        let host = configuration.host
        let outcome = await TrainingThread.run(name: "relusweep-trial") { () -> TrialOutcome in
            let clock = ContinuousClock.now
            let item: ResultItem
            do throws(TrainingError) {
                let metrics = try Trainer().run(grant.config, shouldCancel: { flag.isCancelled })
                item = ResultItem(leaseId: grant.leaseId, epoch: grant.epoch, trialId: grant.trialId, metrics: metrics,
                                  provenance: Self.provenance(worker: worker, host: host, since: clock))
            } catch .cancelled {
                return .cancelled
            } catch {
                // Invalid config or data set: a real failure of this trial (it spends one of
                // its retries on the coordinator; another host may have the data set).
                item = ResultItem(leaseId: grant.leaseId, epoch: grant.epoch, trialId: grant.trialId, metrics: nil,
                                  error: Self.clip("training failed on \(host): \(error.description)"),
                                  provenance: Self.provenance(worker: worker, host: host, since: clock))
            }
            do throws(WorkerError) {
                try outbox.append([item])
                return .result(item, outboxError: nil)
            } catch {
                return .result(item, outboxError: error)
            }
        }
        switch outcome {
        case .result(let item, let outboxError):
            if let outboxError {
                // Still posted from memory; only a crash before the ack could lose it now.
                logger.error("result not written to the outbox: \(outboxError.description)", metadata: ["trial": "\(item.trialId)"])
            }
            log.write(WorkerLogEntry(event: "outboxed", worker: configuration.name, trialId: item.trialId, leaseId: item.leaseId,
                                     epoch: item.epoch, kind: item.metrics == nil ? "error" : "metrics",
                                     detail: outboxError?.description ?? item.error))
            if let e = item.error { logger.warning("trial failed", metadata: ["trial": "\(item.trialId)", "error": "\(e)"]) }
            state.withLock { s in
                s.held[grant.leaseId] = nil
                s.queue.add(item)
                if item.metrics != nil { s.summary.trained += 1 } else { s.summary.failed += 1 }
            }
            postWake.signal()
        case .cancelled:
            let reason = flag.reason
            state.withLock { s in
                s.held[grant.leaseId] = nil
                s.summary.cancelled += 1
                if reason == .shutdown { s.toRelease.append(grant.leaseId) }
            }
            if reason == .coordinatorStop {
                logger.info("trial dropped: the coordinator said stop", metadata: ["trial": "\(grant.trialId)"])
            }
        }
        leaseWake.signal()
    }

    static func provenance(worker: String, host: String, since start: ContinuousClock.Instant) -> Provenance {
        let d = start.duration(to: .now)
        let seconds = Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
        return Provenance(worker: worker, host: host, kernels: Kernels.active.description, version: WorkerVersion.current,
                          wallSeconds: seconds)
    }

    static func clip(_ text: String) -> String {
        guard text.utf8.count > ResultItem.maxErrorBytes else { return text }
        return String(decoding: text.utf8.prefix(ResultItem.maxErrorBytes - 3), as: UTF8.self) + "..."
    }
}
