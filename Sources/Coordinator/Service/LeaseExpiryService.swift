import Logging
import ServiceLifecycle
import SweepStore

/// Requeues expired leases on a timer, so status counts and the phase table stay current when
/// no worker asks for leases (a lease request also expires leases, in its own transaction).
/// Expiry is free: the trials' retry budgets are not spent.
struct LeaseExpiryService: Service, CustomStringConvertible {
    let store: SweepStore
    let interval: Duration
    let metrics: CoordinatorMetrics
    let logger: Logger

    var description: String { "lease-expiry" }

    func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                try await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
            } catch {
                logger.info("graceful shutdown: no more connections; finishing requests in flight")
                return
            }
            do {
                let n = try await store.expire()
                if n > 0 {
                    metrics.leasesExpired.increment(by: n)
                    logger.info("requeued expired leases", metadata: ["count": "\(n)"])
                }
            } catch {
                // A failing disk shows in every request too; keep trying on the next tick.
                logger.error("lease expiry failed", metadata: ["error": "\(error)"])
            }
        }
    }
}
