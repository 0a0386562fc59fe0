import Worker
import ReLUCore
import Foundation
import SweepModel
import Testing
import SweepClient

extension EndToEnd {
    @Suite struct Run {
        /// `relusweep run` writes results.jsonl and the phase tables; a second run does nothing
        /// new; more seeds run only the new trials.
        @Test func runTwiceThenWithMoreSeeds() async throws {
            let cluster = try Cluster()
            defer { cluster.tearDown() }
            let grid = try cluster.grid("local", """
                name: local
                base: { model: single, dataset: relu1d, optimizer: momentum, lr: 0.05, steps: 2000, batchSize: 0, nTrain: 64, nTest: 64 }
                axes: { targetStd: [0.001, 1], momentum: [0, 0.9] }
                seeds: 3
                """)
            let out = cluster.path("out")
            let first = try await cluster.run(["run", grid, "--out", out, "--slots", "2"], name: "run1")
            #expect(first.status == 0, "\(first.stderr)")
            #expect(first.stdout.contains("12 trials, 12 new"))
            let results = (out as NSString).appendingPathComponent("results.jsonl")
            #expect(try lines(results).count == 12)
            for name in ["phase-collapsed-targetStd-momentum.md", "phase-collapsed-targetStd-momentum.svg",
                         "phase-deadFraction-targetStd-momentum.md", "phase-deadFraction-targetStd-momentum.svg", "sweep.sqlite"] {
                #expect(FileManager.default.fileExists(atPath: (out as NSString).appendingPathComponent(name)), "\(name) missing")
            }
            // Without a terminal: plain progress lines, no carriage returns.
            #expect(first.stdout.contains("progress: ") && !first.stdout.contains("\r"))
            #expect(first.stdout.contains("| momentum \\ targetStd |"))

            let second = try await cluster.run(["run", grid, "--out", out], name: "run2")
            #expect(second.status == 0, "\(second.stderr)")
            #expect(second.stdout.contains("12 trials, 0 new, 12 already finished; 0 to run"))
            #expect(try lines(results).count == 12)

            let third = try await cluster.run(["run", grid, "--out", out, "-s", "seeds=5", "--no-progress"], name: "run3")
            #expect(third.status == 0, "\(third.stderr)")
            #expect(third.stdout.contains("20 trials, 8 new, 12 already finished; 8 to run"))
            #expect(!third.stdout.contains("progress: "))
            let ids = try lines(results).map { try TrialRecord(jsonLine: $0).trialId }
            #expect(ids.count == 20 && Set(ids).count == 20)
        }

        /// Ctrl-C (SIGINT) and then SIGKILL interrupt `relusweep run`; re-running the same
        /// command runs only the missing trials and ends with every trial once.
        @Test func runResumesAfterInterruptAndKill() async throws {
            let cluster = try Cluster()
            defer { cluster.tearDown() }
            // 40 trials of about 0.2 s on one slot: 8 s uninterrupted.
            let grid = try cluster.grid("interrupted", singleReLUGrid(name: "interrupted", steps: 400_000, targetStds: [0.01, 0.1, 1, 10], seeds: 10))
            let out = cluster.path("out")
            let log = (out as NSString).appendingPathComponent("outbox.log.jsonl")
            func storedCount() -> Int {
                ((try? WorkerLog.read(path: log)) ?? []).filter { $0.event == "acked" && $0.status == "stored" }.count
            }
            func waitForStored(_ n: Int) async throws {
                let deadline = ContinuousClock.now + .seconds(60)
                while storedCount() < n {
                    guard ContinuousClock.now < deadline else { throw E2EFailure("run stored fewer than \(n) results") }
                    try await Task.sleep(for: .milliseconds(50))
                }
            }
            let args = ["run", grid, "--out", out, "--slots", "1", "--lease-seconds", "2"]

            let interrupted = try Spawned(args, name: "run-int", dir: cluster.dir)
            defer { interrupted.kill() }
            try await waitForStored(3)
            interrupted.signal(SIGINT)
            #expect(try await interrupted.waitForExit(seconds: 30) == 130)
            #expect(interrupted.stdout.contains("interrupted:"))

            let killed = try Spawned(args, name: "run-kill", dir: cluster.dir)
            defer { killed.kill() }
            let before = storedCount()
            try await waitForStored(before + 3)
            killed.signal(SIGKILL)
            _ = try await killed.waitForExit(seconds: 10)

            let last = try await cluster.run(args, name: "run-last")
            #expect(last.status == 0, "\(last.stderr)")
            // Only the missing trials ran.
            let line = try #require(last.stdout.split(separator: "\n").first { $0.hasPrefix("sweep interrupted:") })
            let already = Int(line.split(separator: ",")[2].split(separator: " ")[0]) ?? -1
            #expect(already >= 6)
            #expect(line.contains("40 trials, 0 new"))
            let ids = try lines((out as NSString).appendingPathComponent("results.jsonl")).map { try TrialRecord(jsonLine: $0).trialId }
            #expect(ids.count == 40 && Set(ids).count == 40)
        }
    }
}

func lines(_ path: String) throws -> [String] {
    try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
}

/// What the run tests read of a results.jsonl line.
struct TrialRecord: Decodable {
    var trialId: String
    init(jsonLine: String) throws {
        self = try JSONDecoder().decode(TrialRecord.self, from: Data(jsonLine.utf8))
    }
}
