import TestSupport
import Foundation
import ReLUCore
import SweepModel
import Testing
import SweepClient
import Worker

/// A worker reads `csv:` data sets only inside its data directories (`--data-dir`): a real
/// coordinator, a real worker, real files and symbolic links. A refused trial is a trial error
/// (the worker goes on), a configuration failure (failed at once, not retried elsewhere),
/// listed in the coordinator's failures and the worker log with the path and the directories,
/// and never with what the file holds.
@Suite(.serialized) struct DataAccessWorkerTests {
    /// Numbers only the file outside holds.
    static let secret = "314159.265"

    struct Files {
        let dir: String
        var data: String { dir + "/data" }
        var outside: String { dir + "/outside" }

        init(_ name: String = #function) throws {
            dir = temporaryDirectory(name)
            for d in [dir + "/data", dir + "/outside"] { try FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true) }
            let good = "x,y\n" + (0..<48).map { i in let x = Double(i) / 24 - 1; return "\(x),\(max(0, x))" }.joined(separator: "\n") + "\n"
            try good.write(toFile: data + "/good.csv", atomically: true, encoding: .utf8)
            let secret = "x,y\n" + (0..<8).map { "\(DataAccessWorkerTests.secret),\($0)" }.joined(separator: "\n") + "\n"
            try secret.write(toFile: outside + "/secret.csv", atomically: true, encoding: .utf8)
            try FileManager.default.createSymbolicLink(atPath: data + "/link.csv", withDestinationPath: outside + "/secret.csv")
        }
    }

    /// One single-ReLU trial per data set.
    static func grid(_ name: String, datasets: [String]) throws -> GridSpec {
        try GridSpec.parse("""
            name: \(name)
            base: { model: single, optimizer: momentum, lr: 0.05, steps: 50, batchSize: 0, nTrain: 32, nTest: 16, targetStd: 1, momentum: 0 }
            axes: { dataset: [\(datasets.map { "\"\($0)\"" }.joined(separator: ", "))] }
            seeds: 1
            """, file: "test grid")
    }

    static func trialId(_ spec: GridSpec, dataset: String) throws -> String {
        try #require(try spec.trials().first { $0.config.dataset.description == dataset }).id
    }

    @Test func insideTrainsAndTraversalAbsolutePathsAndLinksOutAreRefusedWithoutRetries() async throws {
        let files = try Files()
        defer { try? FileManager.default.removeItem(atPath: files.dir) }
        let coordinator = try await TestCoordinator(db: files.dir + "/sweep.sqlite")
        let refusedSets = ["csv:../outside/secret.csv", "csv:\(files.outside)/secret.csv", "csv:link.csv", "csv:../../../../../../etc/passwd"]
        let spec = try Self.grid("data-access", datasets: ["csv:good.csv"] + refusedSets)
        _ = try await coordinator.client.submit(spec)

        let config = testWorkerConfiguration(coordinator.endpoint, dir: files.dir, slots: 2, dataDirectories: [files.data])
        let worker = try Worker(configuration: config)
        let summary = try await withDeadline(60, "worker run") { try await worker.run(); return worker.summary }

        // One attempt each: no retries for a failure every worker with these directories would have.
        #expect(summary.trained == 1 && summary.failed == refusedSets.count)
        #expect(try await coordinator.client.sweep(spec.sweepId).counts == TrialCounts(done: 1, failed: refusedSets.count))
        let good = try #require(try await coordinator.store.trial(id: try Self.trialId(spec, dataset: "csv:good.csv")))
        #expect(good.state == .done && good.hasResult)

        let failures = try await coordinator.client.failures(limit: 50).failures
        #expect(failures.count == refusedSets.count, "one report per refused trial: \(failures.map(\.error))")
        for dataset in refusedSets {
            let id = try Self.trialId(spec, dataset: dataset)
            let info = try #require(try await coordinator.store.trial(id: id))
            #expect(info.state == .failed && info.attempts == 1 && info.epoch == 1, "\(dataset): \(info)")
            let reported = try #require(failures.first { $0.trialId == id })
            #expect(reported.final && reported.errorKind == .configuration && reported.worker == "w1")
            let path = String(dataset.dropFirst(4))
            #expect(reported.error.contains("refused") && reported.error.contains(String(reflecting: path)), "\(reported.error)")
            #expect(reported.error.contains(files.data) || reported.error.contains("'..'"), "names the data directory: \(reported.error)")
            #expect(!reported.error.contains(Self.secret) && !reported.error.contains("root:"), "file contents in: \(reported.error)")
        }

        // The worker log has each refusal with its reason.
        let log = try WorkerLog.read(path: config.logPath)
        let outboxed = log.filter { $0.event == "outboxed" && $0.kind == "error" }
        #expect(outboxed.count == refusedSets.count)
        #expect(outboxed.allSatisfy { ($0.detail ?? "").contains("refused") && !($0.detail ?? "").contains(Self.secret) })
        #expect(try await coordinator.store.checkInvariants() == [])
        try await coordinator.stop()
    }

    @Test func withoutADataDirEveryCsvTrialIsRefusedAndTheErrorSaysHowToAllowIt() async throws {
        let files = try Files()
        defer { try? FileManager.default.removeItem(atPath: files.dir) }
        let coordinator = try await TestCoordinator(db: files.dir + "/sweep.sqlite")
        // The file exists and is readable: it is refused all the same.
        let spec = try Self.grid("no-data-dir", datasets: ["csv:\(files.data)/good.csv", "relu1d"])
        _ = try await coordinator.client.submit(spec)
        let worker = try Worker(configuration: testWorkerConfiguration(coordinator.endpoint, dir: files.dir, slots: 1))
        let summary = try await withDeadline(60, "worker run") { try await worker.run(); return worker.summary }
        #expect(summary.trained == 1 && summary.failed == 1)
        let failure = try #require(try await coordinator.client.failures().failures.first)
        #expect(failure.errorKind == .configuration && failure.final)
        #expect(failure.error.contains("--data-dir DIR") && failure.error.contains("RELUSWEEP_DATA_DIR"), "\(failure.error)")
        #expect(failure.error.contains("\(files.data)/good.csv"))
        try await coordinator.stop()
    }

    @Test func aDataDirThatIsNotADirectoryIsRefusedAtStart() throws {
        let files = try Files()
        defer { try? FileManager.default.removeItem(atPath: files.dir) }
        let endpoint = try CoordinatorEndpoint(url: "http://127.0.0.1:9", token: "t")
        for (dir, words) in [(files.dir + "/absent", "does not exist"), (files.data + "/good.csv", "is a file, not a directory")] {
            let config = testWorkerConfiguration(endpoint, dir: files.dir, dataDirectories: [dir])
            #expect(config.validationProblem() == "--data-dir \(dir): \(words); "
                    + (words == "does not exist" ? "create it or give the directory that holds the csv data sets"
                                                 : "give the directory that holds the csv data sets"))
        }
    }
}
