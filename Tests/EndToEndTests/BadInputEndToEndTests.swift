import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import SweepModel
import Testing
import SweepClient

extension EndToEnd {
    @Suite struct BadInput {
        /// Raw HTTP: status, and the `{error, detail}` body.
        static func send(_ url: String, _ method: HTTPMethod, body: [UInt8]?, token: String? = Cluster.token,
                         contentType: String = "application/json") async throws -> (status: Int, body: ErrorBody?) {
            var request = HTTPClientRequest(url: url)
            request.method = method
            if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
            if let body {
                request.headers.add(name: "Content-Type", value: contentType)
                request.body = .bytes(ByteBuffer(bytes: body))
            }
            let response = try await CoordinatorClient.sharedHTTPClient.execute(request, timeout: .seconds(30))
            let data = try await response.body.collect(upTo: 1 << 20)
            return (Int(response.status.code), try? JSONDecoder().decode(ErrorBody.self, from: Data(data.readableBytesView)))
        }

        /// Malformed JSON, unknown sweep, oversized body, impossible metrics: 4xx with a clear
        /// message, and nothing stored.
        @Test func badRequestsGet4xxAndChangeNothing() async throws {
            let cluster = try Cluster()
            defer { cluster.tearDown() }
            try await cluster.startCoordinator(extra: ["--max-body-bytes", "65536"])
            let grid = try cluster.grid("bad", singleReLUGrid(name: "bad", steps: 500, seeds: 1))
            _ = try await cluster.submit(grid)
            let base = cluster.url

            let malformed = try await Self.send(base + "/v1/results", .POST, body: Array(#"{"results": [{"leaseId": "#.utf8))
            #expect(malformed.status == 400)
            let malformedCode = malformed.body?.error
            #expect(malformedCode == "bad_request")
            let malformedDetail = malformed.body?.detail ?? ""
            #expect(!malformedDetail.isEmpty)

            let unknown = try await Self.send(base + "/v1/sweeps/no-such-sweep", .GET, body: nil)
            #expect(unknown.status == 404)
            #expect(unknown.body?.detail.contains("no-such-sweep") == true)
            let cli = try await cluster.run(["status", "no-such-sweep", "--coordinator", cluster.url], name: "status-unknown")
            #expect(cli.status != 0 && cli.stderr.contains("no-such-sweep"))

            let huge = try await Self.send(base + "/v1/sweeps", .POST, body: Array(repeating: UInt8(ascii: " "), count: 200_000))
            #expect(huge.status == 413)
            let hugeCode = huge.body?.error
            #expect(hugeCode == "payload_too_large")

            // A real lease, answered with impossible metrics.
            let lease = try #require(try await cluster.client.lease(LeaseRequest(worker: "tester", slots: 1)).leases.first)
            var metrics = try JSONSerialization.jsonObject(with: Data(#"""
                {"deadFraction": 1.5, "deadFractionInit": 0, "deadFractionPerLayer": [0], "deadFractionPerLayerInit": [0],
                 "deadUnits": 0, "totalUnits": 1, "collapsed": false, "collapsedInit": false, "diverged": false,
                 "stopReason": "completed", "stepsRun": 500, "skippedSteps": 0, "parameterCount": 3,
                 "wallSeconds": 0.01, "stepsPerSecond": 50000}
                """#.utf8)) as! [String: Any]
            func item(_ m: [String: Any]) throws -> [UInt8] {
                Array(try JSONSerialization.data(withJSONObject: ["results": [[
                    "leaseId": lease.leaseId, "epoch": lease.epoch, "trialId": lease.trialId, "metrics": m,
                    "provenance": ["worker": "tester", "host": "h"],
                ]]]))
            }
            let impossible = try await Self.send(base + "/v1/results", .POST, body: try item(metrics))
            #expect(impossible.status == 400)
            let impossibleCode = impossible.body?.error
            #expect(impossibleCode == "invalid_results")
            #expect(impossible.body?.detail.contains("deadFraction") == true)
            metrics["deadFraction"] = 0
            metrics["wallSeconds"] = -1
            let negative = try await Self.send(base + "/v1/results", .POST, body: try item(metrics))
            #expect(negative.status == 400)
            #expect(negative.body?.detail.contains("wallSeconds") == true)

            // Nothing was stored: the trial is still leased, nothing done.
            let status = try await cluster.client.sweep("bad")
            #expect(status.counts == TrialCounts(pending: 1, leased: 1))
            #expect(try await cluster.stopAndCheckDatabase() == [])
        }

        /// Files a user gets wrong: a directory as the grid, a grid that vanished between plan
        /// and run, an output or outbox path under a file, a --config directory, a --data-dir
        /// that does not exist. Each message names the path, says what is wrong in words (not
        /// "NSCocoaErrorDomain error 256") and what to do; no coordinator is needed.
        @Test func fileErrorsNameThePathAndWhatToDo() async throws {
            let cluster = try Cluster()
            defer { cluster.tearDown() }
            let gridDir = cluster.path("grids")
            try FileManager.default.createDirectory(atPath: gridDir, withIntermediateDirectories: true)
            try singleReLUGrid(name: "fe", steps: 10, seeds: 1).write(toFile: gridDir + "/fe.yaml", atomically: true, encoding: .utf8)
            try "x".write(toFile: cluster.path("afile"), atomically: true, encoding: .utf8)
            let nowhere = "http://127.0.0.1:9"
            let cases: [(args: [String], says: [String])] = [
                (["plan", gridDir], ["\(gridDir): cannot read the grid file: is a directory, not a file", "e.g. \(gridDir)/fe.yaml"]),
                (["run", gridDir + "/gone.yaml"], ["\(gridDir)/gone.yaml: cannot read the grid file: does not exist; check the path"]),
                (["run", gridDir + "/fe.yaml", "--out", cluster.path("afile") + "/out"],
                 ["--out \(cluster.path("afile"))/out: cannot create the directory: \(cluster.path("afile")) is a file, not a directory"]),
                (["worker", "--coordinator", nowhere, "--outbox", cluster.path("afile") + "/state/outbox.jsonl", "--slots", "1"],
                 ["cannot create its directory \(cluster.path("afile"))/state: \(cluster.path("afile")) is a file, not a directory",
                  "give another --outbox FILE"]),
                (["train", "--config", gridDir], ["--config \(gridDir): is a directory, not a file"]),
                (["worker", "--coordinator", nowhere, "--data-dir", cluster.path("no-such-dir"), "--slots", "1"],
                 ["--data-dir \(cluster.path("no-such-dir")): does not exist"]),
                (["status", "--coordinator", nowhere, "--token-file", gridDir], ["--token-file \(gridDir): is a directory, not a file"]),
            ]
            for (i, c) in cases.enumerated() {
                let r = try await cluster.run(c.args, name: "file-error-\(i)", seconds: 60)
                #expect(r.status != 0, "\(c.args) succeeded")
                for words in c.says { #expect(r.stderr.contains(words), "relusweep \(c.args.joined(separator: " ")):\n\(r.stderr)") }
                #expect(!r.stderr.contains("NSCocoaErrorDomain") && !r.stderr.contains("could not be completed"), "\(r.stderr)")
            }
            // The grid vanishes between plan and run.
            let plan = try await cluster.run(["plan", gridDir + "/fe.yaml"], name: "plan-ok")
            #expect(plan.status == 0, "\(plan.stderr)")
            try FileManager.default.removeItem(atPath: gridDir + "/fe.yaml")
            let vanished = try await cluster.run(["run", gridDir + "/fe.yaml", "--out", cluster.path("out")], name: "run-vanished")
            #expect(vanished.status != 0 && vanished.stderr.contains("\(gridDir)/fe.yaml: cannot read the grid file: does not exist"),
                    "\(vanished.stderr)")
        }
    }
}
