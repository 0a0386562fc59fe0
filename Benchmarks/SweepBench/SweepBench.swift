import ArgumentParser
import Foundation

/// `make bench`'s coordinator benchmark: results recorded per second over HTTP and lease
/// round-trip latency, against an in-process coordinator on loopback with a real SQLite file
/// (WAL, synchronous = FULL: every acknowledged result is durable).
@main
struct SweepBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "SweepBench",
        abstract: "Coordinator benchmark: results/s with concurrent simulated workers, lease latency (median, p99).",
        discussion: """
            Simulated workers are tasks in this process posting trivial results (zero-step
            single-ReLU trials) through AsyncHTTPClient to a coordinator started in the same
            process on 127.0.0.1, with its database in --dir. Client and server share the
            machine's cores, so the figures are a lower bound for a coordinator on its own host.
            """)

    @Option(help: "Trials per results/s run.")
    var trials = 40_000

    @Option(help: "Concurrent simulated workers posting results.")
    var workers = 16

    @Option(parsing: .upToNextOption, help: "Results per POST /v1/results, one run each (1 = single-result posts).")
    var batches: [Int] = [1, 64]

    @Option(parsing: .upToNextOption, help: "Simulated worker counts for the lease round-trip runs.")
    var leaseWorkers: [Int] = [16, 64]

    @Option(help: "Lease round trips (lease 1 slot, post its result) per lease-latency run.")
    var leaseTrials = 8_000

    @Option(help: "Trials of a store-only run (no HTTP: record, then lease+record loops); 0 skips it.")
    var storeTrials = 0

    @Option(help: "Directory for the temporary databases.")
    var dir: String = FileManager.default.temporaryDirectory.path

    @Flag(help: "Print one JSON object per run instead of text.")
    var json = false

    func run() async throws {
        let load = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").first.map(String.init) ?? "?"
        if !json {
            print("coordinator benchmark: \(ProcessInfo.processInfo.activeProcessorCount) cores, load average \(load) at start")
        }
        for batch in batches {
            let r = try await ResultThroughput(trials: trials, workers: workers, batch: batch, directory: dir).run()
            print(json ? r.json : r.description)
        }
        if storeTrials > 0 {
            let r = try await StoreThroughput.run(trials: storeTrials, batch: 64, writers: 4, directory: URL(fileURLWithPath: dir))
            print(r.description)
        }
        for n in leaseWorkers {
            let r = try await LeaseLatency(trials: leaseTrials, workers: n, directory: dir).run()
            print(json ? r.json : r.description)
        }
    }
}
