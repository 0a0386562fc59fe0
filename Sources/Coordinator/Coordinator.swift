import Foundation
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import NIOCore
import Logging
import ServiceLifecycle
import Synchronization
import SweepStore

/// The sweep coordinator: the SQLite store behind the `/v1` HTTP API (docs/protocol.md), with
/// a lease-expiry timer. `init` validates the configuration and opens the database (taking its
/// lock: a second coordinator on the same file fails there, before anything listens); `run`
/// serves until a graceful shutdown (`shutdown()`, or the ServiceGroup it runs in: `relusweep
/// coordinator` turns SIGTERM/SIGINT into one), lets requests in flight finish, then closes the store.
///
/// In-process use (`relusweep run`, tests, benchmarks):
///
/// ```swift
/// let coordinator = try Coordinator(configuration: .init(databasePath: db))   // port 0: a free one
/// async let served: Void = coordinator.run()
/// let url = try await coordinator.url()        // "http://127.0.0.1:PORT" (https with TLS), once listening
/// ...
/// await coordinator.shutdown()
/// try await served
/// ```
public final class Coordinator: Service, Sendable {
    public let configuration: CoordinatorConfiguration
    /// The store, for in-process readers (the embedded run's progress, tests). Closed when
    /// `run` returns.
    public let store: SweepStore
    /// Runs adaptive sweeps: adds the trials their planner asks for as results arrive.
    public let adaptive: AdaptiveDriver
    private let logger: Logger
    private let metrics: CoordinatorMetrics
    private let listening: ListeningPort
    private let group: ServiceGroup
    private let started = Atomic<Bool>(false)
    /// Open connections against `--max-connections`.
    let connections: ConnectionCounter
    /// Every route the server registered (method and path pattern): docs/openapi.yaml is
    /// checked against this list.
    public let routes: [CoordinatorRoute]

    public init(configuration: CoordinatorConfiguration,
                logger: Logger = Logger(label: "relusweep.coordinator")) throws(CoordinatorError) {
        try configuration.validate()
        try FileDescriptorLimit.ensure(configuration.descriptorsNeeded, maxConnections: configuration.maxConnections)
        let store: SweepStore
        do {
            store = try SweepStore(path: configuration.databasePath, options: configuration.storeOptions)
        } catch {
            throw .store(error)
        }
        let tls = try configuration.tlsCertificatePath.map { cert throws(CoordinatorError) in
            try TLSFiles(certificate: cert, key: configuration.tlsKeyPath ?? "")
        }
        logger.info("opened sweep database", metadata: ["db": "\(configuration.databasePath)"])
        if tls == nil && !configuration.isLoopback {
            logger.warning("listening on \(configuration.host) without TLS: the token and the results travel in clear text, anyone on the network path can read them and steal the token; give --tls-cert and --tls-key, or put a TLS proxy in front (docs/security.md)")
        }
        let metrics = CoordinatorMetrics()
        let listening = ListeningPort()
        self.configuration = configuration
        self.store = store
        self.logger = logger
        self.metrics = metrics
        self.listening = listening

        let router = CoordinatorRouter()
        // Order matters: the observer sees every answer (auth failures included) and turns
        // errors into JSON; a declared body over the limit is refused before anything else;
        // auth runs before any route.
        router.add(middleware: RequestObserver(metrics: metrics))
        router.add(middleware: BodyLimitMiddleware(maxBytes: configuration.maxBodyBytes))
        router.add(middleware: AuthMiddleware(token: configuration.token, readsNeedToken: configuration.readsNeedToken))
        let connections = ConnectionCounter(limit: configuration.maxConnections, metrics: metrics)
        self.connections = connections
        // Adaptive sweeps (issue 14): replans them from the store as results arrive.
        let adaptive = AdaptiveDriver(store: store, logger: logger)
        self.adaptive = adaptive
        let deps = RouteDependencies(
            store: store, configuration: configuration, metrics: metrics,
            bodies: RequestBodyReader(maxBytes: configuration.maxBodyBytes, timeout: .seconds(configuration.bodyTimeout)),
            connections: connections, adaptive: adaptive)
        HealthRoutes(deps: deps).register(on: router)
        MetricsRoutes(deps: deps).register(on: router)
        SweepRoutes(deps: deps).register(on: router)
        LeaseRoutes(deps: deps).register(on: router)
        ResultRoutes(deps: deps).register(on: router)
        ExportRoutes(deps: deps).register(on: router)
        PhaseRoutes(deps: deps).register(on: router)
        WorkerRoutes(deps: deps).register(on: router)
        FailureRoutes(deps: deps).register(on: router)
        AxesRoutes(deps: deps).register(on: router)
        DashboardRoutes().register(on: router)

        let expiry = LeaseExpiryService(store: store, interval: .seconds(configuration.effectiveExpiryInterval),
                                        metrics: metrics, logger: logger)

        let host = configuration.host
        let scheme = configuration.scheme
        routes = router.routes
        let limits = CoordinatorChannel.Limits(
            maxBodyBytes: configuration.maxBodyBytes, bodyTimeout: TimeAmount(Duration.seconds(configuration.bodyTimeout)),
            idleTimeout: TimeAmount(Duration.seconds(configuration.idleTimeout)),
            headerTimeout: TimeAmount(Duration.seconds(configuration.headerTimeout)), secure: tls != nil)
        let app = Application(
            router: router.router,
            server: HTTPServerBuilder { responder in
                let channel = CoordinatorChannel(responder: responder, limits: limits, connections: connections)
                // TLS first in the pipeline; the connection limit and timeouts see decrypted bytes.
                guard let tls else { return channel }
                return try TLSChannel(channel, tlsConfiguration: tls.configuration)
            },
            // Past the limit connections are still accepted, to be answered 503 and closed
            // (ConnectionGuardHandler); past this many more, accepting pauses (the kernel's
            // backlog holds them), so descriptors are bounded either way.
            configuration: .init(address: .hostname(host, port: configuration.port), serverName: nil,
                                 availableConnectionsDelegate: MaximumAvailableConnections(
                                    configuration.maxConnections + CoordinatorConfiguration.refusalSlots)),
            services: [expiry, adaptive],
            onServerRunning: { channel in
                guard let port = channel.localAddress?.port else {
                    listening.fail(.server("the server is running but its port is unknown"))
                    return
                }
                listening.fulfill(port)
                logger.info("listening", metadata: ["url": "\(scheme)://\(LoopbackHost.urlHost(host)):\(port)"])
            },
            logger: logger)
        var groupConfiguration = ServiceGroupConfiguration(
            services: [ServiceGroupConfiguration.ServiceConfiguration(service: app, serviceName: "http")],
            logger: logger)
        // Requests in flight get this long to finish; then they are cancelled.
        groupConfiguration.maximumGracefulShutdownDuration = .seconds(30)
        group = ServiceGroup(configuration: groupConfiguration)
    }

    /// Serves until graceful shutdown, then closes the store. Throws `CoordinatorError.server`
    /// if the server cannot listen (port in use) or fails.
    public func run() async throws {
        guard !started.exchange(true, ordering: .relaxed) else {
            throw CoordinatorError.server("this coordinator was already run; make a new one")
        }
        var failure: CoordinatorError? = nil
        do {
            try await group.run()
        } catch {
            failure = .server("cannot serve on \(configuration.host):\(configuration.port): \(Self.describe(error))")
        }
        listening.fail(failure ?? .notListening("the coordinator stopped before it listened"))
        do {
            try store.close()
        } catch {
            logger.error("closing the database failed", metadata: ["error": "\(error)"])
            if failure == nil { failure = .store(error) }
        }
        if let failure {
            logger.error("coordinator stopped", metadata: ["error": "\(failure)"])
            throw failure
        }
        logger.info("coordinator stopped", metadata: ["db": "\(configuration.databasePath)"])
    }

    /// Stops taking connections, lets requests in flight finish, and makes `run` return.
    /// Safe to call before `run` (it then returns at once) and more than once.
    public func shutdown() async {
        logger.info("shutting down: finishing requests in flight")
        await group.triggerGracefulShutdown()
    }

    /// Requests being handled now (also the `relusweep_http_requests_in_flight` gauge).
    public var requestsInFlight: Int { metrics.requestsInFlight }

    /// The port the server listens on, once it does (waits; throws if it stopped first).
    public func port() async throws(CoordinatorError) -> Int {
        try await listening.value()
    }

    /// `http://HOST:PORT`, once listening.
    public func url() async throws(CoordinatorError) -> String {
        "\(configuration.scheme)://\(LoopbackHost.urlHost(configuration.host)):\(try await port())"
    }

    static func describe(_ error: any Error) -> String {
        let text = String(describing: error)
        if text.contains("Address already in use") { return "the address is already in use (another server on this port?)" }
        return text
    }
}
