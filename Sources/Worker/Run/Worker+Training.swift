import SweepClient
import Foundation
import Logging
import ReLUCore
import SweepModel

extension Worker {
    /// What became of one leased trial.
    enum TrialOutcome: Sendable {
        case result(ResultItem)
        case cancelled
    }

    /// Waits for a training slot, then trains one leased trial on its own thread; the result
    /// goes to the poster, which writes it to the outbox (grouped fsync) before posting it. A
    /// lease still waiting for a slot when the worker stops is given back untrained.
    func train(_ grant: LeaseGrant) async {
        guard let flag = state.withLock({ $0.held[grant.leaseId]?.flag }) else { return }
        await trainingSlots.acquire()
        defer { trainingSlots.release() }
        let go = state.withLock { s -> Bool in
            guard s.held[grant.leaseId] != nil else { return false }
            s.held[grant.leaseId]?.training = true
            // Stopping, or nowhere to keep a result: give the lease back untrained.
            return !s.stopRequested && s.outboxProblem == nil
        }
        let outcome: TrialOutcome
        if flag.isCancelled || !go {
            if !flag.isCancelled { flag.cancel(.shutdown) }
            outcome = .cancelled
        } else {
            state.withLock { $0.training += 1 }
            // Debug level (`--verbose`): tests wait for it before signalling a worker mid-trial.
            logger.debug("training started", metadata: ["trial": "\(grant.trialId)"])
            outcome = await trainOnThread(grant, flag: flag)
            state.withLock { $0.training -= 1 }
        }
        switch outcome {
        case .result(let item):
            if let e = item.error {
                if item.errorKind == .configuration {
                    logger.error("trial refused (a configuration failure: the coordinator fails it without retrying)",
                                 metadata: ["trial": "\(item.trialId)", "error": "\(e)"])
                } else {
                    logger.warning("trial failed", metadata: ["trial": "\(item.trialId)", "error": "\(e)"])
                }
            }
            state.withLock { s in
                s.held[grant.leaseId] = nil
                s.unsaved.append(item)
                if item.metrics != nil { s.summary.trained += 1 } else { s.summary.failed += 1 }
                s.summary.trainingSeconds += item.provenance.wallSeconds ?? 0
                if let seconds = item.provenance.wallSeconds { s.lookahead.record(trialSeconds: seconds) }
            }
            postWake.signal()
        case .cancelled:
            let reason = flag.reason
            state.withLock { s in
                // Not held any more: already given back (`releaseUntrained`).
                let wasHeld = s.held.removeValue(forKey: grant.leaseId) != nil
                s.summary.cancelled += 1
                if reason == .shutdown && wasHeld { s.toRelease.append(grant.leaseId) }
            }
            if reason == .coordinatorStop {
                logger.info("trial dropped: the coordinator said stop", metadata: ["trial": "\(grant.trialId)"])
            }
        }
        leaseWake.signal()
    }

    private func trainOnThread(_ grant: LeaseGrant, flag: CancelFlag) async -> TrialOutcome {
        let worker = configuration.name
        let host = configuration.host
        let dataAccess = configuration.dataAccess
        return await TrainingThread.run(name: "relusweep-trial") { () -> TrialOutcome in
            let clock = ContinuousClock.now
            let item: ResultItem
            do throws(TrainingError) {
                let metrics = try Trainer().run(grant.config, dataAccess: dataAccess, shouldCancel: { flag.isCancelled })
                item = ResultItem(leaseId: grant.leaseId, epoch: grant.epoch, trialId: grant.trialId, metrics: metrics,
                                  provenance: Self.provenance(worker: worker, host: host, since: clock))
            } catch .cancelled {
                return .cancelled
            } catch {
                // A data set missing or unreadable here: a real failure of this trial (it spends
                // one of its retries on the coordinator; another host may have the data set).
                // An invalid config or a csv path the data access policy refuses would fail on
                // every worker: a configuration failure, which the coordinator does not retry.
                item = ResultItem(leaseId: grant.leaseId, epoch: grant.epoch, trialId: grant.trialId, metrics: nil,
                                  error: Self.clip("training failed on \(host): \(error.description)"),
                                  errorKind: error.isConfigurationFailure ? .configuration : nil,
                                  provenance: Self.provenance(worker: worker, host: host, since: clock))
            }
            return .result(item)
        }
    }

    static func provenance(worker: String, host: String, since start: ContinuousClock.Instant) -> Provenance {
        let d = start.duration(to: .now)
        let seconds = Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
        return Provenance(worker: worker, host: host, kernels: Kernels.active.description, version: SweepModel.version,
                          wallSeconds: seconds)
    }

    static func clip(_ text: String) -> String {
        guard text.utf8.count > ResultItem.maxErrorBytes else { return text }
        return String(decoding: text.utf8.prefix(ResultItem.maxErrorBytes - 3), as: UTF8.self) + "..."
    }
}
