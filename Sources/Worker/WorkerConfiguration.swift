import SweepClient
import Foundation
import ReLUCore
import SweepModel

/// How a worker runs (flags of `relusweep worker`).
public struct WorkerConfiguration: Sendable {
    public var endpoint: CoordinatorEndpoint
    /// The name it leases with: unique per worker process (default `host-pid`).
    public var name: String
    /// The host it reports in provenance.
    public var host: String
    /// Trials trained at once, one thread each (default: active processor count).
    public var slots: Int
    /// Trials asked for per lease request (default `slots`, or every free place with
    /// `automaticLeasing`); never more than the free places.
    public var leaseBatch: Int
    /// Leases held beyond the slots, waiting to start (default `slots`, growing while trials
    /// are short: `automaticLeasing`): a slot that frees starts its next trial at once instead
    /// of after a lease round trip, which for trials of a few milliseconds is most of the time.
    public var prefetch: Int
    /// Neither `prefetch` nor `leaseBatch` was given: the worker sizes both from its trials'
    /// length (`LeaseLookahead`); `prefetch` is then the least it holds beyond the slots.
    public var automaticLeasing: Bool
    /// The outbox file (JSONL) of results not yet acknowledged.
    public var outboxPath: String
    /// The worker log (JSONL): what was posted and acknowledged (default: next to the outbox).
    public var logPath: String
    /// The outbox path is the default one: if another worker on this host holds it, the
    /// worker takes `outbox-<host>-2.jsonl`, `-3`, ... (and the log next to it), so several
    /// workers per host need no flags and a restarted one adopts whatever outbox is free.
    public var outboxIsDefault: Bool
    /// Seconds between heartbeats; nil = automatic: a quarter of the lease length the
    /// coordinator grants (measured from each grant), clamped to [0.2 s, 15 s].
    public var heartbeatInterval: Double?
    /// Retry timing for leases and result posts when the coordinator is down or failing.
    public var backoff: Backoff
    /// Results per `POST /v1/results` (at most `ResultBatch.maxItems`).
    public var resultBatchSize: Int
    /// Exit once the coordinator reports nothing left to do in any running or paused sweep.
    public var exitWhenIdle: Bool
    /// On a graceful stop (SIGTERM), trials still training after this many seconds are
    /// cancelled and their leases released.
    public var graceSeconds: Double
    /// On stop, how long to keep trying to post what is in the outbox before exiting (what is
    /// left stays in the outbox and is sent by the next start).
    public var flushSeconds: Double
    /// Which `csv:` data sets the worker reads: by default only files inside its data
    /// directories (`--data-dir`; none: every csv trial is refused), since a trial's config
    /// comes from whoever can submit to the coordinator. `relusweep run` (the user's own grid)
    /// passes `DataAccess.anywhere(relativeTo:)`.
    public var dataAccess: DataAccess

    public init(endpoint: CoordinatorEndpoint, name: String? = nil, host: String? = nil, slots: Int? = nil,
                leaseBatch: Int? = nil, prefetch: Int? = nil, outboxPath: String? = nil, logPath: String? = nil,
                heartbeatInterval: Double? = nil, backoff: Backoff = Backoff(), resultBatchSize: Int = 256,
                exitWhenIdle: Bool = false, graceSeconds: Double = 20, flushSeconds: Double = 10,
                dataAccess: DataAccess = WorkerConfiguration.dataAccess(directories: [])) {
        let h = host ?? Self.defaultHost
        self.endpoint = endpoint
        self.host = h
        self.name = name ?? "\(h)-\(ProcessInfo.processInfo.processIdentifier)"
        let s = slots ?? ProcessInfo.processInfo.activeProcessorCount
        self.slots = s
        self.leaseBatch = leaseBatch ?? s
        self.prefetch = prefetch ?? s
        self.automaticLeasing = prefetch == nil && leaseBatch == nil
        let outbox = outboxPath ?? Self.defaultOutboxPath(name: name, host: h)
        self.outboxPath = outbox
        self.logPath = logPath ?? WorkerLog.defaultPath(forOutbox: outbox)
        self.outboxIsDefault = outboxPath == nil && logPath == nil
        self.heartbeatInterval = heartbeatInterval
        self.backoff = backoff
        self.resultBatchSize = resultBatchSize
        self.exitWhenIdle = exitWhenIdle
        self.graceSeconds = graceSeconds
        self.flushSeconds = flushSeconds
        self.dataAccess = dataAccess
    }

    /// A worker's data access: `csv:` paths only inside `directories` (absolute paths, as
    /// `--data-dir` and `RELUSWEEP_DATA_DIR` give them), with refusals that say how to allow one.
    public static func dataAccess(directories: [String]) -> DataAccess {
        let hint = directories.isEmpty
            ? "to allow csv data sets, start the worker with --data-dir DIR (or RELUSWEEP_DATA_DIR=DIR) naming the directory that holds them"
            : "copy the file into one of them, or start the worker with another --data-dir DIR"
        return .confined(to: directories, howToAllow: hint)
    }

    /// `RELUSWEEP_DATA_DIR`: data directories separated by ':' (as in PATH); empty parts are skipped.
    public static func dataDirectories(environment: [String: String] = ProcessInfo.processInfo.environment) -> [String] {
        (environment["RELUSWEEP_DATA_DIR"] ?? "").split(separator: ":").map(String.init)
    }

    /// The host name, made a valid worker name (printable ASCII, no spaces).
    public static var defaultHost: String {
        let raw = ProcessInfo.processInfo.hostName
        let cleaned = String(raw.unicodeScalars.map { $0.isASCII && $0.value > 0x20 && $0.value < 0x7F ? Character($0) : "_" }.prefix(64))
        return cleaned.isEmpty ? "localhost" : cleaned
    }

    /// `$RELUSWEEP_STATE_DIR` (else `$XDG_STATE_HOME/relusweep`, else
    /// `~/.local/state/relusweep`) + `outbox-<name or host>.jsonl`. Without `--name` the file is
    /// named by the host, not the pid, so a restarted worker finds what its predecessor left.
    public static func defaultOutboxPath(name: String?, host: String,
                                         environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        let dir: String
        if let d = environment["RELUSWEEP_STATE_DIR"], !d.isEmpty {
            dir = d
        } else if let x = environment["XDG_STATE_HOME"], !x.isEmpty {
            dir = (x as NSString).appendingPathComponent("relusweep")
        } else {
            dir = (NSHomeDirectory() as NSString).appendingPathComponent(".local/state/relusweep")
        }
        let stem = (name ?? host).map { $0 == "/" ? "_" : $0 }
        return (dir as NSString).appendingPathComponent("outbox-\(String(stem)).jsonl")
    }

    /// Why this configuration cannot run, naming the flag, or nil.
    public func validationProblem() -> String? {
        if let p = WorkerName.problem(name, field: "name") { return "--name: \(p)" }
        guard (1...1024).contains(slots) else { return "--slots: expected 1...1024, got \(slots)" }
        guard (1...1024).contains(leaseBatch) else { return "--lease-batch: expected 1...1024, got \(leaseBatch)" }
        guard (0...1024).contains(prefetch) else { return "--prefetch: expected 0...1024, got \(prefetch)" }
        if let h = heartbeatInterval, !(h.isFinite && h > 0) { return "--heartbeat-seconds: expected a number > 0" }
        if let p = backoff.validationProblem() { return p }
        guard (1...1024).contains(resultBatchSize) else { return "result batch size: expected 1...1024, got \(resultBatchSize)" }
        guard graceSeconds.isFinite, graceSeconds >= 0 else { return "--grace-seconds: expected a number >= 0" }
        guard flushSeconds.isFinite, flushSeconds >= 0 else { return "--flush-seconds: expected a number >= 0" }
        if dataAccess.confined {
            for dir in dataAccess.directories {
                var isDirectory: ObjCBool = false
                guard FileManager.default.fileExists(atPath: dir, isDirectory: &isDirectory) else {
                    return "--data-dir \(dir): does not exist; create it or give the directory that holds the csv data sets"
                }
                guard isDirectory.boolValue else {
                    return "--data-dir \(dir): is a file, not a directory; give the directory that holds the csv data sets"
                }
            }
        }
        return nil
    }
}
