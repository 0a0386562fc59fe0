import SweepStore

/// How a coordinator runs: where its database is, where it listens, its token and limits.
/// `relusweep coordinator` fills it from flags; `relusweep run` and tests build it directly.
public struct CoordinatorConfiguration: Sendable {
    /// The SQLite file (created if absent; `<path>.lock` keeps a second coordinator out).
    public var databasePath: String
    /// Address to bind: `127.0.0.1` (default), `::1`, `localhost`, or beyond loopback (`0.0.0.0`,
    /// a LAN address), which needs a token.
    public var host: String
    /// TCP port; 0 picks a free one (read it from `Coordinator.port()`).
    public var port: Int
    /// The bearer token clients must send; nil = no authentication (loopback only).
    public var token: BearerToken?
    /// Lease length in seconds (`--lease-seconds`).
    public var leaseSeconds: Double
    /// Largest request body accepted (`--max-body-bytes`); 413 above.
    public var maxBodyBytes: Int
    /// Seconds between the timer's lease-expiry passes; nil = min(5, leaseSeconds / 4).
    public var expiryInterval: Double?
    /// Seconds a client may take to send a request body (slow clients get 408).
    public var bodyTimeout: Double
    /// Seconds before an idle keep-alive connection is closed.
    public var idleTimeout: Double
    /// Seconds a client may take to send a request head, from its first byte (or from
    /// connecting, for the first request): slower clients get 408 and are closed.
    public var headerTimeout: Double
    /// Connections open at once (`--max-connections`); more are answered 503 and closed.
    public var maxConnections: Int
    /// Failures a trial may report before it is failed for good (the retry budget).
    public var maxAttempts: Int
    /// Largest sweep (in trials) the live phase route aggregates in memory.
    public var maxPhaseTrials: Int
    /// PEM files of the certificate chain and private key: the coordinator speaks HTTPS
    /// (`--tls-cert`, `--tls-key`; both or neither).
    public var tlsCertificatePath: String?
    public var tlsKeyPath: String?
    /// GET routes need the token even on loopback (a machine shared with other users).
    public var protectReads: Bool
    /// The time leases are granted and expire by (tests advance a manual clock).
    public var clock: StoreClock = .system

    public init(databasePath: String, host: String = "127.0.0.1", port: Int = 0, token: BearerToken? = nil,
                leaseSeconds: Double = 60, maxBodyBytes: Int = 16 << 20, expiryInterval: Double? = nil,
                bodyTimeout: Double = 30, idleTimeout: Double = 90, headerTimeout: Double = 10, maxConnections: Int = 1024,
                maxAttempts: Int = 3, maxPhaseTrials: Int = 250_000, protectReads: Bool = false) {
        self.databasePath = databasePath
        self.host = host
        self.port = port
        self.token = token
        self.leaseSeconds = leaseSeconds
        self.maxBodyBytes = maxBodyBytes
        self.expiryInterval = expiryInterval
        self.bodyTimeout = bodyTimeout
        self.idleTimeout = idleTimeout
        self.headerTimeout = headerTimeout
        self.maxConnections = maxConnections
        self.maxAttempts = maxAttempts
        self.maxPhaseTrials = maxPhaseTrials
        self.protectReads = protectReads
    }

    /// Connections accepted past `maxConnections` only to be answered 503; beyond them the
    /// server stops accepting until some close.
    public static let refusalSlots = 64

    /// File descriptors the coordinator may need besides its connections (SQLite's files,
    /// logs, the lock, the event loops).
    public static let reservedDescriptors = 128

    /// File descriptors this configuration may use at most.
    public var descriptorsNeeded: Int { maxConnections + Self.refusalSlots + Self.reservedDescriptors }

    /// Whether it serves HTTPS.
    public var usesTLS: Bool { tlsCertificatePath != nil }

    /// `http` or `https`.
    public var scheme: String { usesTLS ? "https" : "http" }

    /// Whether `host` is a loopback address (only this machine can connect).
    public var isLoopback: Bool { LoopbackHost.isLoopback(host) }

    /// GET routes need the token when others can reach the coordinator (or `protectReads`).
    public var readsNeedToken: Bool { token != nil && (protectReads || !isLoopback) }

    /// The timer's interval between expiry passes.
    public var effectiveExpiryInterval: Double { expiryInterval ?? min(5, leaseSeconds / 4) }

    var storeOptions: StoreOptions {
        StoreOptions(leaseSeconds: leaseSeconds, maxAttempts: maxAttempts, clock: clock)
    }

    /// Checks every value; the error names the flag and what is allowed.
    public func validate() throws(CoordinatorError) {
        func bad(_ m: String) -> CoordinatorError { .invalidConfiguration(m) }
        guard !databasePath.isEmpty else { throw bad("--db: give the SQLite file the coordinator keeps its sweeps in") }
        guard !host.isEmpty else { throw bad("--host: give an address to listen on, e.g. 127.0.0.1 or 0.0.0.0") }
        guard (0...65535).contains(port) else { throw bad("--port: expected 0...65535 (0 = a free port), got \(port)") }
        guard leaseSeconds.isFinite, leaseSeconds >= 1, leaseSeconds <= 86_400 else {
            throw bad("--lease-seconds: expected 1...86400, got \(leaseSeconds)")
        }
        guard maxBodyBytes >= 1024, maxBodyBytes <= 1 << 30 else {
            throw bad("--max-body-bytes: expected 1024...1073741824, got \(maxBodyBytes)")
        }
        let interval = effectiveExpiryInterval
        guard interval.isFinite, interval > 0 else { throw bad("expiry interval: expected a number of seconds > 0, got \(interval)") }
        guard bodyTimeout.isFinite, bodyTimeout > 0 else { throw bad("body timeout: expected seconds > 0, got \(bodyTimeout)") }
        guard idleTimeout.isFinite, idleTimeout > 0 else { throw bad("idle timeout: expected seconds > 0, got \(idleTimeout)") }
        guard headerTimeout.isFinite, headerTimeout > 0, headerTimeout <= 3600 else {
            throw bad("--header-timeout-seconds: expected 0 < seconds <= 3600, got \(headerTimeout)")
        }
        guard bodyTimeout <= 3600 else { throw bad("--body-timeout-seconds: expected 0 < seconds <= 3600, got \(bodyTimeout)") }
        guard (1...1_000_000).contains(maxConnections) else {
            throw bad("--max-connections: expected 1...1000000, got \(maxConnections)")
        }
        guard maxAttempts >= 1 else { throw bad("max attempts: expected >= 1, got \(maxAttempts)") }
        guard maxPhaseTrials >= 1 else { throw bad("max phase trials: expected >= 1, got \(maxPhaseTrials)") }
        if (tlsCertificatePath == nil) != (tlsKeyPath == nil) {
            throw bad(tlsCertificatePath == nil ? "--tls-key needs --tls-cert (the certificate it belongs to)"
                                                : "--tls-cert needs --tls-key (the certificate's private key)")
        }
        if token == nil && !isLoopback {
            throw .insecureBind(host: host)
        }
    }
}
