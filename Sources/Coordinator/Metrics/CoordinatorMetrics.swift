import Foundation
import CoreMetrics
import Metrics
import Prometheus
import Synchronization
import SweepModel

/// The coordinator's metrics, in its own Prometheus registry (swift-metrics types made by a
/// `PrometheusMetricsFactory`), so several coordinators in one process (tests, benchmarks) keep
/// separate counts and nothing touches the global `MetricsSystem`.
final class CoordinatorMetrics: Sendable {
    let registry = PrometheusCollectorRegistry()
    private let factory: PrometheusMetricsFactory

    let leasesGranted: CoreMetrics.Counter
    private let leaseRequests: [String: CoreMetrics.Counter]
    private let results: [ResultAckItem.Status: CoreMetrics.Counter]
    let failureReports: CoreMetrics.Counter
    let leasesExpired: CoreMetrics.Counter
    let workersLive: CoreMetrics.Gauge
    let connectionsOpen: CoreMetrics.Gauge
    let connectionsRefused: CoreMetrics.Counter
    let headerTimeouts: CoreMetrics.Counter
    private let inFlightGauge: CoreMetrics.Gauge
    private let inFlight = Atomic<Int>(0)

    private struct RequestKey: Hashable {
        var route: String
        var method: String
        var status: Int
    }
    private struct RouteKey: Hashable {
        var route: String
        var method: String
    }
    private let requestCounters = Mutex<[RequestKey: CoreMetrics.Counter]>([:])
    private let requestTimers = Mutex<[RouteKey: CoreMetrics.Timer]>([:])
    private let trialGauges = Mutex<[String: CoreMetrics.Gauge]>([:])

    init() {
        var f = PrometheusMetricsFactory(registry: registry)
        // Leases and result posts take milliseconds; exports and big submits take seconds.
        f.defaultDurationHistogramBuckets = [
            .microseconds(250), .microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5),
            .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250),
            .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(5), .seconds(10),
        ]
        factory = f
        leasesGranted = CoreMetrics.Counter(label: "relusweep_leases_granted_total", factory: f)
        leaseRequests = Dictionary(uniqueKeysWithValues: ["granted", "empty", "finished"].map {
            ($0, CoreMetrics.Counter(label: "relusweep_lease_requests_total", dimensions: [("outcome", $0)], factory: f))
        })
        results = Dictionary(uniqueKeysWithValues: [ResultAckItem.Status.stored, .duplicate, .rejected].map {
            ($0, CoreMetrics.Counter(label: "relusweep_results_total", dimensions: [("status", $0.rawValue)], factory: f))
        })
        failureReports = CoreMetrics.Counter(label: "relusweep_failure_reports_total", factory: f)
        leasesExpired = CoreMetrics.Counter(label: "relusweep_leases_expired_total", factory: f)
        workersLive = CoreMetrics.Gauge(label: "relusweep_workers_live", factory: f)
        connectionsOpen = CoreMetrics.Gauge(label: "relusweep_http_connections", factory: f)
        connectionsRefused = CoreMetrics.Counter(label: "relusweep_http_connections_refused_total", factory: f)
        headerTimeouts = CoreMetrics.Counter(label: "relusweep_http_header_timeouts_total", factory: f)
        inFlightGauge = CoreMetrics.Gauge(label: "relusweep_http_requests_in_flight", factory: f)
    }

    /// Requests being handled now (their answer's head not yet written).
    var requestsInFlight: Int { inFlight.load(ordering: .relaxed) }

    func requestStarted() {
        inFlightGauge.record(inFlight.add(1, ordering: .relaxed).newValue)
    }

    func requestEnded() {
        inFlightGauge.record(inFlight.subtract(1, ordering: .relaxed).newValue)
    }

    func request(route: String, method: String, status: Int, nanoseconds: Int64) {
        let counter = requestCounters.withLock { c in
            let key = RequestKey(route: route, method: method, status: status)
            if let existing = c[key] { return existing }
            let new = CoreMetrics.Counter(label: "relusweep_http_requests_total",
                              dimensions: [("route", route), ("method", method), ("status", String(status))], factory: factory)
            c[key] = new
            return new
        }
        counter.increment()
        let timer = requestTimers.withLock { t in
            let key = RouteKey(route: route, method: method)
            if let existing = t[key] { return existing }
            let new = CoreMetrics.Timer(label: "relusweep_http_request_duration_seconds",
                                    dimensions: [("route", route), ("method", method)], factory: factory)
            t[key] = new
            return new
        }
        timer.recordNanoseconds(nanoseconds)
    }

    func leaseRequest(_ response: LeaseResponse) {
        let outcome = !response.leases.isEmpty ? "granted" : (response.finished ? "finished" : "empty")
        leaseRequests[outcome]?.increment()
        if !response.leases.isEmpty { leasesGranted.increment(by: response.leases.count) }
    }

    func resultAck(_ ack: ResultAck) {
        var tally: [ResultAckItem.Status: Int] = [:]
        for item in ack.results { tally[item.status, default: 0] += 1 }
        for (status, n) in tally { results[status]?.increment(by: n) }
    }

    /// Sets the per-sweep trial gauges and the live worker gauge from a status snapshot.
    func refresh(_ status: StatusList) {
        for sweep in status.sweeps {
            let c = sweep.counts
            for (state, n) in [("pending", c.pending), ("leased", c.leased), ("done", c.done), ("failed", c.failed)] {
                gauge(sweep: sweep.id, state: state).record(n)
            }
        }
        workersLive.record(status.workers.count)
    }

    private func gauge(sweep: String, state: String) -> CoreMetrics.Gauge {
        trialGauges.withLock { g in
            let key = sweep + "\u{0}" + state
            if let existing = g[key] { return existing }
            let new = CoreMetrics.Gauge(label: "relusweep_trials", dimensions: [("sweep", sweep), ("state", state)], factory: factory)
            g[key] = new
            return new
        }
    }

    /// The Prometheus text exposition of every metric.
    func render() -> String {
        var buffer: [UInt8] = []
        buffer.reserveCapacity(16 * 1024)
        registry.emit(into: &buffer)
        return String(decoding: buffer, as: UTF8.self)
    }
}
