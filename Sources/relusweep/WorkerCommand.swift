import SweepClient
import ArgumentParser
import Foundation
import Logging
import ServiceLifecycle
import Worker

/// `relusweep worker --coordinator URL --slots N`: trains trials leased from a coordinator.
struct WorkerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker",
        abstract: "Lease trials from a coordinator, train them, and post the results.",
        discussion: """
            Every result is written to the outbox file (fsync) before it is posted and removed \
            only after the coordinator acknowledged it; a restarted worker re-sends what its \
            outbox holds. When the coordinator is down the worker backs off and retries, and \
            keeps training what it holds. SIGTERM or SIGINT: no new leases, trials in progress \
            finish within --grace-seconds (or are cancelled and released), the outbox is \
            flushed, exit 0; a second signal skips the grace period. \
            The worker log (JSONL, next to the outbox) records what was posted and \
            acknowledged. See docs/worker.md.
            """)

    @OptionGroup var coordinator: CoordinatorOptions

    @Option(help: "Trials trained at once, one thread each (default: one per core).")
    var slots: Int?

    @Option(help: "The name this worker leases with (default: HOST-PID).")
    var name: String?

    @Option(help: ArgumentHelp("Outbox of unacknowledged results (default: ~/.local/state/relusweep/outbox-<name or host>.jsonl).", valueName: "FILE"))
    var outbox: String?

    @Option(help: ArgumentHelp("Worker log (default: the outbox path with .log.jsonl).", valueName: "FILE"))
    var log: String?

    @Flag(help: "Exit when the coordinator has nothing left to do in any running or paused sweep.")
    var exitWhenIdle = false

    @Option(help: "Trials asked for per lease request (default: automatic, every free place; giving it or --prefetch fixes both).")
    var leaseBatch: Int?

    @Option(help: "Leases held beyond --slots, ready to start when a slot frees (default: automatic, --slots growing to cover 0.1 s of short trials).")
    var prefetch: Int?

    @Option(help: "Seconds between heartbeats (default: a quarter of the coordinator's lease length).")
    var heartbeatSeconds: Double?

    @Option(help: "On SIGTERM, seconds running trials may take to finish before they are released.")
    var graceSeconds: Double = 20

    @Option(help: "On stop, seconds to keep trying to post the outbox.")
    var flushSeconds: Double = 10

    @Option(help: "Longest wait between retries when the coordinator is down, in seconds.")
    var maxBackoffSeconds: Double = 10

    @Option(name: .customLong("data-dir"), help: ArgumentHelp(
        "A directory csv: data sets may be read from; relative csv paths are looked up in each, in order (repeatable; default: $RELUSWEEP_DATA_DIR, ':'-separated). Without one, every trial with a csv: data set is refused.",
        valueName: "DIR"))
    var dataDir: [String] = []

    @Flag(help: "Log every retry and lease (debug level).")
    var verbose = false

    func run() async throws {
        CommandLogging.bootstrap(level: verbose ? .debug : .info)
        let endpoint = try coordinator.endpoint()
        let config = WorkerConfiguration(
            endpoint: endpoint, name: name, slots: slots, leaseBatch: leaseBatch, prefetch: prefetch, outboxPath: outbox, logPath: log,
            heartbeatInterval: heartbeatSeconds, backoff: Backoff(initialDelay: min(0.2, maxBackoffSeconds), maxDelay: maxBackoffSeconds),
            exitWhenIdle: exitWhenIdle, graceSeconds: graceSeconds, flushSeconds: flushSeconds,
            dataAccess: WorkerConfiguration.dataAccess(directories: dataDirectories()))
        let worker: Worker
        do {
            worker = try Worker(configuration: config)
        } catch {
            throw ValidationError(error.description)
        }
        let logger = Logger(label: "relusweep.worker")
        logger.info(config.dataAccess.directories.isEmpty
                    ? "no --data-dir: trials with a csv: data set are refused"
                    : "csv: data sets are read only inside \(config.dataAccess.directories.joined(separator: ", "))")
        let group = ServiceGroup(configuration: .init(
            services: [.init(service: SignalEscalation { signal in
                           logger.info("\(signal) again: releasing the trials in progress now")
                           worker.stop(immediately: true)
                       }),
                       .init(service: worker, successTerminationBehavior: .gracefullyShutdownGroup)],
            gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        do {
            try await group.run()
        } catch {
            throw CLIError((error as? WorkerError)?.description ?? "\(error)")
        }
        let summary = worker.summary
        FileHandle.standardError.write(Data((
            "worker \(config.name): trained \(summary.trained), failed \(summary.failed), cancelled \(summary.cancelled), "
                + "stored \(summary.stored), duplicates \(summary.duplicates), rejected \(summary.rejected), "
                + "released \(summary.released), re-sent \(summary.resent), left in outbox \(summary.leftInOutbox)"
                + (summary.outboxStalls > 0 ? ", outbox full \(summary.outboxStalls) time(s)" : "") + "\n").utf8))
    }

    /// `--data-dir`s, else `RELUSWEEP_DATA_DIR`, as absolute paths (relative ones start at the
    /// current directory), so the worker's refusals name the real place.
    func dataDirectories() -> [String] {
        let given = dataDir.isEmpty ? WorkerConfiguration.dataDirectories() : dataDir
        let cwd = FileManager.default.currentDirectoryPath
        return given.map { dir in
            ((dir.hasPrefix("/") ? dir : (cwd as NSString).appendingPathComponent(dir)) as NSString).standardizingPath
        }
    }
}
