import Foundation
import SweepModel
import Testing

extension EndToEnd {
    /// `relusweep worker --data-dir DIR` with real processes: csv data sets inside train,
    /// anything else is refused at once and shows in `relusweep status` with its reason; the
    /// worker's slots show as given. `relusweep run` keeps reading the user's csv files relative
    /// to the current directory and to the grid file.
    @Suite struct DataDir {
        static let secret = "314159.265"

        static func table(_ rows: Int) -> String {
            "x,y\n" + (0..<rows).map { i in let x = Double(i) / Double(rows / 2) - 1; return "\(x),\(max(0, x))" }.joined(separator: "\n") + "\n"
        }

        static func csvGrid(_ name: String, datasets: [String]) -> String {
            """
            name: \(name)
            base: { model: single, optimizer: momentum, lr: 0.05, steps: 100, batchSize: 0, nTrain: 32, nTest: 16, targetStd: 1, momentum: 0 }
            axes: { dataset: [\(datasets.map { "\"\($0)\"" }.joined(separator: ", "))] }
            seeds: 2
            """
        }

        @Test func aRemoteWorkerReadsOnlyInsideItsDataDirAndStatusShowsTheRefusals() async throws {
            let cluster = try Cluster()
            defer { cluster.tearDown() }
            let data = cluster.path("data")
            let outside = cluster.path("outside")
            for d in [data, outside] { try FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true) }
            try Self.table(40).write(toFile: data + "/good.csv", atomically: true, encoding: .utf8)
            try ("x,y\n" + (0..<6).map { "\(Self.secret),\($0)" }.joined(separator: "\n") + "\n")
                .write(toFile: outside + "/secret.csv", atomically: true, encoding: .utf8)
            try FileManager.default.createSymbolicLink(atPath: data + "/out.csv", withDestinationPath: outside + "/secret.csv")
            try await cluster.startCoordinator()
            let refused = ["csv:../../etc/passwd", "csv:/etc/passwd", "csv:out.csv"]
            _ = try await cluster.submit(try cluster.grid("csvs", Self.csvGrid("csvs", datasets: ["csv:good.csv"] + refused)))
            let worker = try cluster.startWorker("w-data", slots: 2, extra: ["--data-dir", "data"])
            let status = try await cluster.waitUntilFinished("csvs", seconds: 120)
            #expect(status.counts == TrialCounts(done: 2, failed: 2 * refused.count))
            #expect(try await worker.waitForExit(seconds: 60) == 0, "\(worker.stderr.suffix(2000))")
            // Each refused trial was tried once: no retries on other workers.
            let failures = try await cluster.client.failures(limit: 100).failures
            #expect(failures.count == 2 * refused.count && failures.allSatisfy { $0.final && $0.errorKind == .configuration })

            let shown = try await cluster.run(["status", "--coordinator", cluster.url, "--token-file", cluster.tokenFile], name: "status")
            #expect(shown.status == 0, "\(shown.stderr)")
            let text = shown.stdout
            #expect(text.contains("w-data  slots 2 + prefetch"), "the worker's slots, not its lease batch:\n\(text)")
            #expect(text.contains("recent failures:") && text.contains("configuration failure, not retried"), "\(text)")
            #expect(text.contains(#""../../etc/passwd" refused"#) || text.contains(#""/etc/passwd" refused"#) || text.contains(#""out.csv" refused"#), "\(text)")
            #expect(text.contains(data), "the data directory is named:\n\(text)")
            #expect(!text.contains(Self.secret) && !text.contains("root:x"), "file contents in status:\n\(text)")
            // The worker's own log says why, too.
            #expect(worker.stderr.contains("trial refused"), "\(worker.stderr.suffix(2000))")
            #expect(!worker.stderr.contains(Self.secret))
            #expect(try await cluster.stopAndCheckDatabase() == [])
        }

        @Test func withoutDataDirCsvTrialsAreRefusedAndRelusweepDataDirAllowsThem() async throws {
            let cluster = try Cluster()
            defer { cluster.tearDown() }
            try FileManager.default.createDirectory(atPath: cluster.path("data"), withIntermediateDirectories: true)
            try Self.table(40).write(toFile: cluster.path("data/good.csv"), atomically: true, encoding: .utf8)
            try await cluster.startCoordinator()
            _ = try await cluster.submit(try cluster.grid("first", Self.csvGrid("first", datasets: ["csv:data/good.csv"])))
            let bare = try cluster.startWorker("w-bare", slots: 1)
            let first = try await cluster.waitUntilFinished("first", seconds: 120)
            #expect(first.counts == TrialCounts(failed: 2))
            #expect(try await bare.waitForExit(seconds: 60) == 0)
            let why = try #require(try await cluster.client.failures().failures.first).error
            #expect(why.contains("--data-dir DIR (or RELUSWEEP_DATA_DIR=DIR)"), "\(why)")

            // RELUSWEEP_DATA_DIR (':'-separated) does what --data-dir does.
            _ = try await cluster.submit(try cluster.grid("second", Self.csvGrid("second", datasets: ["csv:good.csv"])))
            let envWorker = try Spawned(["worker", "--coordinator", cluster.url, "--token-file", cluster.tokenFile, "--slots", "1",
                                         "--name", "w-env", "--outbox", cluster.outbox("w-env"), "--exit-when-idle"],
                                        name: "w-env", dir: cluster.dir, env: ["RELUSWEEP_DATA_DIR": "/nonexistent-is-checked:" + cluster.path("data")])
            defer { envWorker.kill() }
            #expect(try await envWorker.waitForExit(seconds: 60) != 0, "a data directory that does not exist is refused at start")
            #expect(envWorker.stderr.contains("--data-dir /nonexistent-is-checked: does not exist"), "\(envWorker.stderr)")
            try FileManager.default.createDirectory(atPath: cluster.path("other"), withIntermediateDirectories: true)
            let fixed = try Spawned(["worker", "--coordinator", cluster.url, "--token-file", cluster.tokenFile, "--slots", "1",
                                     "--name", "w-env2", "--outbox", cluster.outbox("w-env2"), "--exit-when-idle"],
                                    name: "w-env2", dir: cluster.dir, env: ["RELUSWEEP_DATA_DIR": cluster.path("other") + ":" + cluster.path("data")])
            defer { fixed.kill() }
            let second = try await cluster.waitUntilFinished("second", seconds: 120)
            #expect(second.counts == TrialCounts(done: 2), "\(fixed.stderr.suffix(2000))")
            #expect(try await cluster.stopAndCheckDatabase() == [])
        }

        @Test func relusweepRunReadsCsvFilesRelativeToTheWorkingDirectoryAndTheGridFile() async throws {
            let cluster = try Cluster()
            defer { cluster.tearDown() }
            try FileManager.default.createDirectory(atPath: cluster.path("grids/data"), withIntermediateDirectories: true)
            try Self.table(40).write(toFile: cluster.path("grids/data/good.csv"), atomically: true, encoding: .utf8)
            // From the working directory (as `make run` from the repository root) and from the
            // grid file's directory; the process runs in cluster.dir.
            let grid = cluster.path("grids/local.yaml")
            try Self.csvGrid("local", datasets: ["csv:grids/data/good.csv", "csv:data/good.csv"]).write(toFile: grid, atomically: true, encoding: .utf8)
            let r = try await cluster.run(["run", grid, "--slots", "2", "--out", cluster.path("out"), "--no-progress"], name: "run")
            #expect(r.status == 0, "\(r.stderr)")
            let lines = try String(contentsOfFile: cluster.path("out/results.jsonl"), encoding: .utf8).split(separator: "\n")
            #expect(lines.count == 4)
            #expect(lines.allSatisfy { $0.contains("\"metrics\"") && !$0.contains("\"error\"") }, "\(lines)")
        }
    }
}
