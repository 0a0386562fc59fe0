import SweepClient
import Foundation
import Logging
import SweepModel

extension Worker {
    /// Posts queued results in batches until training is over and the queue is empty (or the
    /// flush deadline passed). Outages are retried with backoff; each answered result leaves
    /// the outbox. A batch refused as a whole (4xx) is retried one result at a time, and a
    /// single result refused with 4xx is dropped (logged): retrying it cannot succeed.
    func postLoop(outbox: Outbox, log: WorkerLog) async {
        let cfg = configuration
        var failures = 0
        var singlesLeft = 0
        while true {
            saveUnsaved(outbox: outbox, log: log)
            let (batch, done, flushDeadline, fatal) = state.withLock { s in
                (s.queue.first(singlesLeft > 0 ? 1 : cfg.resultBatchSize), s.trainingDone, s.flushDeadline, s.fatal != nil)
            }
            if fatal { return }
            if batch.isEmpty {
                if done && state.withLock({ $0.unsaved.isEmpty }) { return }
                await postWake.wait(timeout: 5)
                continue
            }
            var client = self.client
            if done, let deadline = flushDeadline {
                let remaining = ContinuousClock.now.duration(to: deadline)
                if remaining <= .zero { return }
                client.timeout = min(client.timeout, remaining)
            }
            log.write(WorkerLogEntry(event: "posted", worker: cfg.name, attempt: failures + 1, trialIds: batch.map(\.trialId),
                                     count: batch.count))
            do {
                let ack = try await client.post(ResultBatch(results: batch))
                failures = 0
                if singlesLeft > 0 { singlesLeft -= 1 }
                acknowledge(batch, ack, outbox: outbox, log: log)
            } catch {
                if error.isUnauthorized {
                    fail(.unauthorized(error))
                    return
                }
                if error.isRetryable {
                    failures += 1
                    state.withLock { $0.summary.postRetries += 1 }
                    log.write(WorkerLogEntry(event: "postFailed", worker: cfg.name, detail: error.description, attempt: failures,
                                             trialIds: batch.map(\.trialId), count: batch.count))
                    if failures == 1 {
                        logger.warning("posting results failed; they stay in the outbox and are retried", metadata: ["error": "\(error.description)"])
                    }
                    var delay = cfg.backoff.delay(failures: failures)
                    if done, let deadline = flushDeadline {
                        let remaining = ContinuousClock.now.duration(to: deadline)
                        delay = min(delay, Double(remaining.components.seconds) + Double(remaining.components.attoseconds) / 1e18)
                    }
                    await sleep(seconds: delay)
                    continue
                }
                if batch.count > 1 {
                    logger.warning("a result batch was refused; sending its results one by one", metadata: ["error": "\(error.description)"])
                    singlesLeft = batch.count
                    continue
                }
                // One result the coordinator will never take (impossible metrics, too large):
                // report the trial as failed instead (docs/protocol.md), which spends one of
                // its retries, so a trial that always produces broken output ends failed.
                let item = batch[0]
                logger.error("result refused by the coordinator; reporting the trial as failed",
                             metadata: ["trial": "\(item.trialId)", "error": "\(error.description)"])
                acknowledge(batch, ResultAck(results: [ResultAckItem(trialId: item.trialId, status: .rejected, detail: error.description)]),
                            outbox: outbox, log: log)
                if item.metrics != nil {
                    let detail = if case .http(_, _, let body) = error { body.detail } else { error.description }
                    let report = ResultItem(leaseId: item.leaseId, epoch: item.epoch, trialId: item.trialId, metrics: nil,
                                            error: Self.clip("invalid metrics: \(detail)"), provenance: item.provenance)
                    state.withLock { $0.unsaved.append(report) }
                }
                if singlesLeft > 0 { singlesLeft -= 1 }
            }
        }
    }

    /// Writes the results trained since the last call to the outbox (one append, one fsync)
    /// and queues them for posting: nothing is posted before it is on disk, unless the disk is
    /// full. Then they are posted from memory (an acknowledged result is safe on the
    /// coordinator), remembered, and written as soon as the outbox takes writes again; leasing
    /// stops meanwhile (`outboxFailed`).
    private func saveUnsaved(outbox: Outbox, log: WorkerLog) {
        let (items, retry, blocked) = state.withLock { s in
            defer { s.unsaved.removeAll(keepingCapacity: true) }
            return (s.unsaved, s.notInOutbox.values.sorted { $0.trialId < $1.trialId }, s.outboxProblem != nil)
        }
        if items.isEmpty && retry.isEmpty {
            // Nothing to write: see whether the disk has room again.
            if blocked {
                if let problem = outbox.probeWritable() {
                    state.withLock { $0.outboxProblem = problem }
                } else {
                    outboxWritable(log: log)
                }
            }
            return
        }
        var problem: WorkerError?
        do { try outbox.append(retry + items) } catch { problem = error }
        if !items.isEmpty {
            log.write(items.map { item in
                WorkerLogEntry(event: "outboxed", worker: configuration.name, trialId: item.trialId, leaseId: item.leaseId,
                               epoch: item.epoch, kind: item.metrics == nil ? "error" : "metrics", detail: problem?.description ?? item.error)
            })
        }
        state.withLock { s in
            for item in items { s.queue.add(item) }
            if problem == nil {
                s.notInOutbox.removeAll()
            } else {
                for item in items { s.notInOutbox[OutboxKey(leaseId: item.leaseId, trialId: item.trialId)] = item }
            }
        }
        if let problem {
            outboxFailed(problem, log: log)
        } else if blocked {
            outboxWritable(log: log)
        }
    }

    /// Removes answered results from the outbox and the queue and logs each answer. Answers
    /// pair with items by position (the protocol answers in order), checked by trial id.
    private func acknowledge(_ batch: [ResultItem], _ ack: ResultAck, outbox: Outbox, log: WorkerLog) {
        var keys: [OutboxKey] = []
        var entries: [WorkerLogEntry] = []
        var counts = (stored: 0, duplicates: 0, rejected: 0)
        for (item, answer) in zip(batch, ack.results) where answer.trialId == item.trialId {
            keys.append(OutboxKey(leaseId: item.leaseId, trialId: item.trialId))
            entries.append(WorkerLogEntry(event: "acked", worker: configuration.name, trialId: item.trialId, leaseId: item.leaseId,
                                          epoch: item.epoch, kind: item.metrics == nil ? "error" : "metrics",
                                          status: answer.status.rawValue, detail: answer.detail))
            switch answer.status {
            case .stored: counts.stored += 1
            case .duplicate: counts.duplicates += 1
            case .rejected:
                counts.rejected += 1
                logger.warning("result rejected by the coordinator", metadata: ["trial": "\(item.trialId)", "detail": "\(answer.detail ?? "-")"])
            }
        }
        if keys.count < batch.count {
            logger.warning("the coordinator answered \(ack.results.count) of \(batch.count) results; the rest will be sent again")
        }
        log.write(entries)
        var problem: WorkerError?
        do { try outbox.acknowledge(keys) } catch { problem = error }
        // A missing tombstone only means one more `duplicate` after a restart; but the disk is full.
        if let problem { outboxFailed(problem, log: log) }
        state.withLock { s in
            s.queue.remove(keys)
            for k in keys { s.notInOutbox[k] = nil }
            s.summary.stored += counts.stored
            s.summary.duplicates += counts.duplicates
            s.summary.rejected += counts.rejected
        }
        // The lease loop may be sleeping on a retry hint given while these trials were still
        // leased to us; now that they are done the coordinator may have news (more work, or
        // `finished` for --exit-when-idle), so ask again now.
        leaseWake.signal()
    }
}
