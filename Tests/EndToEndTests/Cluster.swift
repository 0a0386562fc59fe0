import ReLUCore
import Foundation
import TestSupport
import SweepModel
import SweepStore
import SweepClient

/// A coordinator process (and the workers a test starts) around one temporary directory:
/// database, token file, grids, outboxes, logs. Processes talk over loopback HTTP.
final class Cluster: @unchecked Sendable {
    let dir: String
    let db: String
    let tokenFile: String
    static let token = "e2e-secret-token"
    private(set) var coordinator: Spawned?
    private(set) var port = 0
    private(set) var workers: [Spawned] = []
    private var restarts = 0

    init(_ name: String = #function) throws {
        let safe = name.filter { $0.isLetter || $0.isNumber }
        dir = (NSTemporaryDirectory() as NSString).appendingPathComponent("relusweep-e2e-\(safe)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        db = (dir as NSString).appendingPathComponent("sweep.sqlite")
        tokenFile = (dir as NSString).appendingPathComponent("token")
        try (Self.token + "\n").write(toFile: tokenFile, atomically: true, encoding: .utf8)
    }

    var url: String { "http://127.0.0.1:\(port)" }
    var client: CoordinatorClient { CoordinatorClient(endpoint: try! CoordinatorEndpoint(url: url, token: Self.token), timeout: .seconds(30)) }
    func path(_ name: String) -> String { (dir as NSString).appendingPathComponent(name) }

    /// Starts `relusweep coordinator` (on a free port the first time, the same port after) and
    /// waits for its 'listening on' line.
    func startCoordinator(leaseSeconds: Double = 60, extra: [String] = []) async throws {
        restarts += 1
        let c = try Spawned(["coordinator", "--db", db, "--host", "127.0.0.1", "--port", String(port), "--token-file", tokenFile,
                             "--lease-seconds", String(leaseSeconds), "--log-level", "warning"] + extra,
                            name: "coordinator-\(restarts)", dir: dir)
        coordinator = c
        let out = try await c.waitForOutput("listening on http://", seconds: 60)
        guard let line = out.split(separator: "\n").first(where: { $0.hasPrefix("listening on http://") }),
              let p = Int(line.split(separator: ":").last ?? "") else {
            throw E2EFailure("cannot read the port from: \(out)")
        }
        port = p
    }

    /// Starts `relusweep worker` with its own outbox (`<name>.outbox.jsonl`), or with
    /// `defaults` neither --name nor --outbox (default name and outbox under `state/`).
    @discardableResult
    func startWorker(_ name: String, slots: Int = 1, exitWhenIdle: Bool = true, defaults: Bool = false,
                     extra: [String] = []) throws -> Spawned {
        let naming = defaults ? [] : ["--name", name, "--outbox", outbox(name)]
        let w = try Spawned(["worker", "--coordinator", url, "--token-file", tokenFile, "--slots", String(slots)] + naming
                            + ["--max-backoff-seconds", "1"] + (exitWhenIdle ? ["--exit-when-idle"] : []) + extra,
                            name: name, dir: dir)
        workers.append(w)
        return w
    }

    func outbox(_ worker: String) -> String { path("\(worker).outbox.jsonl") }
    func workerLog(_ worker: String) -> String { path("\(worker).outbox.log.jsonl") }

    /// Runs a one-shot `relusweep ARGS` to completion (bounded) and returns status and output.
    func run(_ arguments: [String], name: String, seconds: Double = 120) async throws -> (status: Int32, stdout: String, stderr: String) {
        let p = try Spawned(arguments, name: name, dir: dir)
        defer { p.kill() }
        let status = try await p.waitForExit(seconds: seconds)
        return (status, p.stdout, p.stderr)
    }

    /// `relusweep submit FILE --json` against this coordinator.
    func submit(_ grid: String, overrides: [String] = [], name: String = "submit") async throws -> SubmitResponse {
        let r = try await run(["submit", grid, "--coordinator", url, "--token-file", tokenFile, "--json"] + overrides.flatMap { ["-s", $0] },
                              name: name)
        guard r.status == 0 else { throw E2EFailure("submit failed (\(r.status)): \(r.stderr)") }
        return try JSONDecoder().decode(SubmitResponse.self, from: Data(r.stdout.utf8))
    }

    /// Writes a grid file and returns its path.
    func grid(_ name: String, _ yaml: String) throws -> String {
        let p = path("\(name).yaml")
        try yaml.write(toFile: p, atomically: true, encoding: .utf8)
        return p
    }

    /// Polls the sweep until nothing remains (bounded).
    func waitUntilFinished(_ sweep: String, seconds: Double) async throws -> SweepStatus {
        var last: SweepStatus?
        do {
            try await eventually("sweep \(sweep) finished", within: seconds, every: .milliseconds(100)) {
                last = (try? await client.sweep(sweep)) ?? last
                return last?.counts.remaining == 0
            }
        } catch is TimedOut {
            throw E2EFailure("sweep \(sweep) not finished within \(seconds) s: \(String(describing: last?.counts))")
        }
        return last!
    }

    /// The exported results.jsonl lines of a sweep, parsed.
    func results(_ sweep: String) async throws -> [TrialRecordJSON] {
        var data = Data()
        try await client.download(results: sweep, format: "jsonl") { data.append($0) }
        let decoder = JSONDecoder()
        return try String(decoding: data, as: UTF8.self).split(separator: "\n").map {
            try decoder.decode(TrialRecordJSON.self, from: Data($0.utf8))
        }
    }

    /// SIGTERM the coordinator, wait for it, then check the database's invariants directly.
    func stopAndCheckDatabase() async throws -> [String] {
        if let c = coordinator {
            c.signal(SIGTERM)
            let status = try await c.waitForExit(seconds: 40)
            if status != 0 { throw E2EFailure("coordinator exited \(status): \(c.stderr.suffix(2000))") }
        }
        let store = try SweepStore(path: db)
        defer { try? store.close() }
        return try await store.checkInvariants()
    }

    /// Kills every process and removes the directory.
    func tearDown() {
        for w in workers { w.kill() }
        coordinator?.kill()
        try? FileManager.default.removeItem(atPath: dir)
    }
}

/// One exported line, as much as the tests look at.
struct TrialRecordJSON: Decodable {
    var trialId: String
    var metrics: Metrics?
    var error: String?

    struct Metrics: Decodable {
        var stepsRun: Int
        var deadFraction: Double
    }
}
