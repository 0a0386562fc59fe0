import Worker
import Foundation
import SweepModel
import Testing
import SweepClient

extension EndToEnd {
    @Suite struct Sweep {
        /// Coordinator + 2 worker processes finish the 200-trial smoke grid; every trial has
        /// exactly one result, and the CLI's status and results agree. A third worker with
        /// default name and outbox shows that workers on one host pick distinct outboxes.
        @Test func twoWorkersFinishTheSmokeGrid() async throws {
            let cluster = try Cluster()
            defer { cluster.tearDown() }
            try await cluster.startCoordinator()
            let smoke = repositoryGrid("smoke.yaml")
            let submitted = try await cluster.submit(smoke)
            #expect(submitted == SubmitResponse(sweepId: "smoke", trials: 200, new: 200))

            let a = try cluster.startWorker("a")
            let b = try cluster.startWorker("b")
            let c = try cluster.startWorker("c", defaults: true)
            let d = try cluster.startWorker("d", defaults: true)
            #expect(try await a.waitForExit(seconds: 120) == 0)
            #expect(try await b.waitForExit(seconds: 120) == 0)
            #expect(try await c.waitForExit(seconds: 120) == 0, "\(c.stderr.suffix(1000))")
            #expect(try await d.waitForExit(seconds: 120) == 0, "\(d.stderr.suffix(1000))")
            let stateFiles = try FileManager.default.contentsOfDirectory(atPath: cluster.path("state")).filter { $0.hasSuffix(".log.jsonl") }
            #expect(stateFiles.count == 2, "\(stateFiles)")

            let expected = Set(try GridSpec.load(path: smoke).trials().map(\.id))
            let records = try await cluster.results("smoke")
            #expect(records.count == 200)
            #expect(Set(records.map(\.trialId)) == expected)
            #expect(records.allSatisfy { $0.metrics?.stepsRun ?? 0 > 0 && $0.error == nil })
            // Both workers took part.
            for w in ["a", "b"] {
                let acked = try WorkerLog.read(path: cluster.workerLog(w)).filter { $0.event == "acked" && $0.status == "stored" }
                #expect(!acked.isEmpty, "worker \(w) stored nothing")
            }

            // The CLI: status --json and results --format jsonl --out.
            let status = try await cluster.run(["status", "--coordinator", cluster.url, "--json"], name: "status")
            #expect(status.status == 0)
            let list = try JSONDecoder().decode(StatusList.self, from: Data(status.stdout.utf8))
            #expect(list.sweeps.map(\.id) == ["smoke"])
            #expect(list.sweeps.first?.counts == TrialCounts(done: 200))
            let out = cluster.path("export.jsonl")
            let export = try await cluster.run(["results", "smoke", "--coordinator", cluster.url, "--format", "jsonl", "--out", out], name: "results")
            #expect(export.status == 0, "\(export.stderr)")
            let lines = try String(contentsOfFile: out, encoding: .utf8).split(separator: "\n")
            #expect(lines.count == 200)
            let csv = try await cluster.run(["results", "smoke", "--coordinator", cluster.url, "--format", "csv"], name: "results-csv")
            #expect(csv.stdout.split(separator: "\n").count == 201)

            #expect(try await cluster.stopAndCheckDatabase() == [])
        }
    }
}
