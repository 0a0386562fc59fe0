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
    }
}
