import Foundation
import SweepModel
import Testing
import Worker

extension EndToEnd {
    /// Adaptive sweeps (issue 14.3) with real processes: `relusweep run` (the embedded
    /// coordinator's AdaptiveDriver) ends with the same trials and table when run again from
    /// scratch, after a SIGKILL mid-sweep, and on a separate `relusweep coordinator` with a
    /// remote worker.
    @Suite struct Adaptive {
        /// A single ReLU over targetStd x momentum, short trainings (about 1,250 trials of a
        /// few milliseconds; the boundary at 0.75 crosses the grid, so refinement adds values).
        static let grid = """
            name: adaptive-e2e
            base: { model: single, dataset: relu1d, optimizer: momentum, lr: 0.05, steps: 300, batchSize: 0, nTrain: 64, nTest: 0, earlyStop: true }
            axes:
              targetStd: logspace(-2, 1, 4)
              momentum: [0, 0.9, 0.99]
            adaptive:
              metric: collapsed
              seeds: {min: 8, max: 32, halfWidth: 0.2}
              level: 0.75
              refine: {axes: [targetStd, momentum], rounds: 2}
            """

        static func trialIds(_ out: String) throws -> [String] {
            try lines((out as NSString).appendingPathComponent("results.jsonl")).map { try TrialRecord(jsonLine: $0).trialId }.sorted()
        }

        static func table(_ out: String) throws -> String {
            try String(contentsOfFile: (out as NSString).appendingPathComponent("phase-collapsed-targetStd-momentum.md"), encoding: .utf8)
        }

        @Test func runFromScratchTwiceAndAfterAKillEndsWithTheSameTrials() async throws {
            let cluster = try Cluster()
            defer { cluster.tearDown() }
            let grid = try cluster.grid("adaptive-e2e", Self.grid)
            // plan: round 0 and the most the sweep could take (9 x 13 values x 32 seeds).
            let plan = try await cluster.run(["plan", grid], name: "plan")
            #expect(plan.status == 0 && plan.stdout.contains("adaptive round 0: 96 trials (every cell's first 8 seeds); at most 3744 trials"),
                    "\(plan.stdout)")
            let first = cluster.path("first")
            let r1 = try await cluster.run(["run", grid, "--out", first, "--slots", "2", "--no-progress"], name: "run1")
            #expect(r1.status == 0, "\(r1.stderr)")
            let ids = try Self.trialIds(first)
            // Adapted: more than round 0 (12 cells x 8 seeds), far fewer than the full grid
            // (9 x 13 cells x 32 seeds = 3,744), refined values in the table.
            #expect(ids.count > 96 && ids.count < 3_744 / 2 && Set(ids).count == ids.count)
            #expect(try Self.table(first).contains("| 0.9225 |"))
            // Every cell with its bounds, n and interval.
            let cells = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: (first as NSString).appendingPathComponent("adaptive-cells.json")))) as? [String: Any]
            #expect(cells?["trials"] as? Int == ids.count && (cells?["cells"] as? [Any])?.isEmpty == false)
            #expect(r1.stdout.contains("adaptive cells with their bounds: adaptive-cells.md, adaptive-cells.csv, adaptive-cells.json"))
            // aggregate --adaptive with a plain grid: refused before anything is written.
            let plainGrid = try cluster.grid("plain", singleReLUGrid(name: "plain", steps: 10, seeds: 2))
            let refused = try await cluster.run(["aggregate", (first as NSString).appendingPathComponent("results.jsonl"), "--x", "targetStd",
                                                 "--y", "momentum", "--adaptive", plainGrid, "--out", cluster.path("refused")], name: "aggregate-plain")
            #expect(refused.status != 0 && refused.stderr.contains("the grid has no adaptive block"), "\(refused.stderr)")
            #expect(!FileManager.default.fileExists(atPath: cluster.path("refused")))
            // aggregate --adaptive: the same cell table from the records alone.
            let aggregated = cluster.path("aggregated")
            let agg = try await cluster.run(["aggregate", (first as NSString).appendingPathComponent("results.jsonl"), "--x", "targetStd",
                                             "--y", "momentum", "--format", "md", "--adaptive", grid, "--out", aggregated], name: "aggregate")
            #expect(agg.status == 0, "\(agg.stderr)")
            #expect(try String(contentsOfFile: (aggregated as NSString).appendingPathComponent("adaptive-cells.json"), encoding: .utf8)
                    == String(contentsOfFile: (first as NSString).appendingPathComponent("adaptive-cells.json"), encoding: .utf8))

            let second = cluster.path("second")
            let r2 = try await cluster.run(["run", grid, "--out", second, "--slots", "2", "--no-progress"], name: "run2")
            #expect(r2.status == 0, "\(r2.stderr)")
            #expect(try Self.trialIds(second) == ids)
            #expect(try Self.table(second) == Self.table(first))

            // SIGKILL once a few hundred results are stored, then the same command again.
            let killedOut = cluster.path("killed")
            let log = (killedOut as NSString).appendingPathComponent("outbox.log.jsonl")
            let args = ["run", grid, "--out", killedOut, "--slots", "2", "--no-progress"]
            let killed = try Spawned(args, name: "run-kill", dir: cluster.dir)
            defer { killed.kill() }
            let deadline = ContinuousClock.now + .seconds(60)
            while ((try? WorkerLog.read(path: log)) ?? []).filter({ $0.event == "acked" && $0.status == "stored" }).count < 200 {
                guard ContinuousClock.now < deadline, killed.process.isRunning else { break }
                try await Task.sleep(for: .milliseconds(20))
            }
            let wasRunning = killed.process.isRunning
            killed.signal(SIGKILL)
            _ = try await killed.waitForExit(seconds: 10)
            let last = try await cluster.run(args, name: "run-last")
            #expect(last.status == 0, "\(last.stderr)")
            #expect(wasRunning, "the run finished before it could be killed; make the grid longer")
            #expect(try Self.trialIds(killedOut) == ids)
            #expect(try Self.table(killedOut) == Self.table(first))

            // A coordinator process with a remote worker: the same trials.
            try await cluster.startCoordinator()
            #expect(try await cluster.submit(grid).new == 96)
            let w = try cluster.startWorker("w", slots: 2)
            #expect(try await w.waitForExit(seconds: 120) == 0)
            #expect(try await cluster.client.sweep("adaptive-e2e").state == .finished)
            #expect(try await cluster.results("adaptive-e2e").map(\.trialId).sorted() == ids)
            // status: the round and the trials against the full grid.
            let progress = try #require(try await cluster.client.sweep("adaptive-e2e").adaptive)
            #expect(progress == AdaptiveProgress(round: 2, rounds: 2, cells: progress.cells, trials: ids.count, mostTrials: ids.count,
                                                 fullGridTrials: 3_744, finished: true))
            let shown = try await cluster.run(["status", "--coordinator", cluster.url, "--token-file", cluster.tokenFile], name: "status")
            #expect(shown.stdout.contains("adaptive-e2e: adaptive round 2 of 2, \(progress.cells) cells, \(ids.count) trials against 3744 for the full grid"),
                    "\(shown.stdout)")
            #expect(try await cluster.stopAndCheckDatabase() == [])
        }
    }
}
