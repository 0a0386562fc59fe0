import SweepClient
import Foundation
import Logging
import SweepModel

extension Worker {
    /// The heartbeat period: the configured one, or a quarter of the granted lease length
    /// (clamped to [0.2, 15] s; 5 s before the first grant).
    var heartbeatInterval: Double {
        if let h = configuration.heartbeatInterval { return h }
        guard let lease = state.withLock({ $0.leaseSeconds }) else { return 5 }
        return min(max(lease / 4, 0.2), 15)
    }

    /// Renews every held lease each period until training is over. A `stop` answer cancels
    /// that trial (its lease is gone: expired and re-leased, cancelled sweep, ...). Failures
    /// are only logged: if the outage outlasts the lease, the trial may be re-leased elsewhere,
    /// and the result this worker posts later is still stored if it is the first.
    func heartbeatLoop() async {
        var failures = 0
        while true {
            await heartbeatWake.wait(timeout: heartbeatInterval)
            let (done, ids) = state.withLock { s in
                (s.trainingDone, s.held.values.filter { !$0.flag.isCancelled }.map(\.grant.leaseId))
            }
            if done { return }
            guard !ids.isEmpty else { continue }
            for start in stride(from: 0, to: ids.count, by: HeartbeatRequest.maxLeases) {
                let chunk = Array(ids[start..<min(start + HeartbeatRequest.maxLeases, ids.count)])
                do {
                    let response = try await client.heartbeat(HeartbeatRequest(worker: configuration.name, leaseIds: chunk))
                    failures = 0
                    for r in response.leases where r.status == .stop {
                        let flag = state.withLock { $0.held[r.leaseId]?.flag }
                        flag?.cancel(.coordinatorStop)
                        logger.info("lease stopped by the coordinator", metadata: ["lease": "\(r.leaseId)", "reason": "\(r.reason ?? "-")"])
                    }
                } catch {
                    if error.isUnauthorized {
                        fail(.unauthorized(error))
                        return
                    }
                    failures += 1
                    if failures == 1 {
                        logger.warning("heartbeat failed; trials keep training", metadata: ["error": "\(error.description)"])
                    }
                }
            }
        }
    }
}
