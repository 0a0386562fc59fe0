import ArgumentParser
import Coordinator
import Foundation
import Logging
import ServiceLifecycle

/// `relusweep coordinator --db FILE --host H --port P --token-file F [--lease-seconds S]
/// [--max-body-bytes N] [--max-connections N] [--tls-cert F --tls-key F] [--log-level L]`: serves the /v1 API (docs/protocol.md) until SIGTERM
/// or SIGINT, then finishes the requests in flight and closes the database.
struct CoordinatorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "coordinator",
        abstract: "Serve sweeps to workers over HTTP from one SQLite database.",
        discussion: """
            Prints one line, 'listening on http://HOST:PORT' (https with --tls-cert and --tls-key),
            once it accepts connections; logs go to standard error. Listening beyond loopback
            without TLS logs a warning: the token would travel in clear text. The token (--token-file, or the environment variable
            RELUSWEEP_TOKEN) is required on every mutating request, and on reads too when
            listening beyond loopback; without a token the coordinator listens on loopback only.
            SIGTERM or SIGINT: stop accepting, finish requests in flight, close the database.
            Restarting on the same --db continues every sweep where it stopped. API: docs/protocol.md.
            """)

    @Option(help: ArgumentHelp("SQLite file holding the sweeps (created if absent; <FILE>.lock keeps a second coordinator out).", valueName: "FILE"))
    var db: String

    @Option(help: "Address to listen on: 127.0.0.1 (this machine only) or 0.0.0.0 (every interface; needs a token).")
    var host: String = "127.0.0.1"

    @Option(help: "TCP port; 0 picks a free one (printed on the 'listening on' line).")
    var port: Int = 8420

    @Option(name: .customLong("token-file"), help: ArgumentHelp("File holding the bearer token (default: $RELUSWEEP_TOKEN).", valueName: "FILE"))
    var tokenFile: String?

    @Option(name: .customLong("tls-cert"), help: ArgumentHelp("PEM certificate (chain) to serve HTTPS with (needs --tls-key).", valueName: "FILE"))
    var tlsCert: String?

    @Option(name: .customLong("tls-key"), help: ArgumentHelp("PEM private key of --tls-cert.", valueName: "FILE"))
    var tlsKey: String?

    @Option(name: .customLong("lease-seconds"), help: "Lease length; workers heartbeat well within it.")
    var leaseSeconds: Double = 60

    @Option(name: .customLong("max-body-bytes"), help: "Largest request body accepted (413 above).")
    var maxBodyBytes: Int = 16 << 20

    @Option(name: .customLong("max-connections"), help: "Connections open at once; more are answered 503 and closed (raises ulimit -n if needed).")
    var maxConnections: Int = 1024

    @Option(name: .customLong("header-timeout-seconds"), help: "Time a client may take to send a request head (408 after).")
    var headerTimeoutSeconds: Double = 10

    @Option(name: .customLong("body-timeout-seconds"), help: "Time a client may take to send a request body (408 after).")
    var bodyTimeoutSeconds: Double = 30

    @Flag(name: .customLong("protect-reads"), help: "GET routes need the token on loopback too (a shared machine, or a TLS proxy on this host).")
    var protectReads = false

    @Option(name: .customLong("log-level"), help: "trace, debug (one line per request), info, notice, warning, error or critical.")
    var logLevel: String = "info"

    func run() async throws {
        guard let level = Logger.Level(rawValue: logLevel.lowercased()) else {
            throw ValidationError("--log-level: expected one of \(Logger.Level.allCases.map(\.rawValue).joined(separator: ", ")), got '\(logLevel)'")
        }
        CommandLogging.bootstrap(level: level)
        let coordinator: Coordinator
        do throws(CoordinatorError) {
            let token = try BearerToken.resolve(file: tokenFile)
            if protectReads && token == nil {
                throw CoordinatorError.invalidConfiguration(
                    "--protect-reads: reads can only be protected with a token; pass --token-file FILE or set RELUSWEEP_TOKEN")
            }
            var configuration = CoordinatorConfiguration(
                databasePath: db, host: host, port: port, token: token, leaseSeconds: leaseSeconds,
                maxBodyBytes: maxBodyBytes, bodyTimeout: bodyTimeoutSeconds, headerTimeout: headerTimeoutSeconds,
                maxConnections: maxConnections, protectReads: protectReads)
            configuration.tlsCertificatePath = tlsCert
            configuration.tlsKeyPath = tlsKey
            coordinator = try Coordinator(configuration: configuration)
        } catch {
            throw CLIError(error.description)
        }
        let group = ServiceGroup(configuration: .init(
            services: [.init(service: coordinator)], gracefulShutdownSignals: [.sigterm, .sigint],
            logger: Logger(label: "relusweep.coordinator")))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask {
                do { try await group.run() } catch { throw CLIError("\(error)") }
            }
            // The parseable line scripts and `relusweep run` wait for.
            if let url = try? await coordinator.url() {
                FileHandle.standardOutput.write(Data("listening on \(url)\n".utf8))
            }
            try await tasks.waitForAll()
        }
    }
}
