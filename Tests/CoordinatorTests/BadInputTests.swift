import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import SweepModel
import SweepStore
import Testing

@Suite(.timeLimit(.minutes(1)))
struct BadInputTests {
    /// A sweep with one leased trial, and a snapshot to compare against.
    static func leased(_ server: TestServer) async throws -> (LeaseGrant, StoreSnapshot) {
        _ = try await server.submit(TestData.grid("bad", std: [1], momentum: [0], seeds: 1))
        let grant = try #require(try await server.lease(slots: 1).leases.first)
        return (grant, try await StoreSnapshot.take(server.store, trialIds: [grant.trialId]))
    }

    @Test func impossibleMetricsAre400NamingTheFieldAndStoreNothing() async throws {
        try await TestServer.with { server in
            let (grant, before) = try await Self.leased(server)
            let cases: [(metrics: String, expect: [String])] = [
                (TestData.metricsJSON(deadFraction: 1.5), ["results[0]", "deadFraction", "1.5"]),
                (TestData.metricsJSON(stepsRun: -1), ["results[0]", "stepsRun"]),
                (TestData.metricsJSON().replacingOccurrences(of: #""stepsRun":10"#, with: #""stepsRun":"ten""#),
                 ["results[0].metrics.stepsRun", "integer"]),
                (TestData.metricsJSON().replacingOccurrences(of: #""stepsRun":10"#, with: #""stepsRun":1.5"#),
                 ["results[0].metrics.stepsRun", "expected an integer, got 1.5"]),
                (TestData.metricsJSON().replacingOccurrences(of: #""deadFraction":0.0,"#, with: ""),
                 ["results[0].metrics.deadFraction", "missing"]),
                (TestData.metricsJSON().replacingOccurrences(of: #""normalizedTestMSE":0.5"#, with: #""normalizedTestMSE":-3"#),
                 ["normalizedTestMSE"]),
            ]
            for c in cases {
                let reply = try await server.post("/v1/results", json: TestData.rawResult(grant, metrics: c.metrics))
                #expect(reply.status == 400, "\(c.expect)")
                #expect(reply.error?.error == "invalid_results", "\(reply.text)")
                for fragment in c.expect {
                    #expect(reply.error?.detail.contains(fragment) == true, "'\(fragment)' not in: \(reply.text)")
                }
            }
            // Out of range and NaN: not JSON numbers at all.
            let huge = try await server.post("/v1/results", json: TestData.rawResult(grant,
                metrics: TestData.metricsJSON().replacingOccurrences(of: #""wallSeconds":0.01"#, with: #""wallSeconds":1e999"#)))
            #expect(huge.status == 400)
            #expect(huge.error?.detail.contains("1e999") == true, "\(huge.text)")
            let nan = try await server.post("/v1/results",
                                            json: TestData.rawResult(grant, metrics: TestData.metricsJSON().replacingOccurrences(of: "0.5", with: "NaN")))
            #expect(nan.status == 400)
            #expect(nan.error?.error == "bad_request")
            #expect(nan.error?.detail.hasPrefix("malformed JSON") == true)
            #expect(try await StoreSnapshot.take(server.store, trialIds: [grant.trialId]) == before)
            #expect(try await server.store.trial(id: grant.trialId)?.attempts == 0)
        }
    }

    @Test func aBatchWithOneBadItemIsRefusedWhole() async throws {
        try await TestServer.with { server in
            let (grant, before) = try await Self.leased(server)
            var bad = TestData.result(grant)
            bad.epoch = 0
            let reply = try await server.post("/v1/results", ResultBatch(results: [TestData.result(grant), bad]))
            #expect(reply.status == 400)
            #expect(reply.error?.detail.contains("results[1]") == true)
            #expect(reply.error?.detail.contains("epoch") == true)
            #expect(try await StoreSnapshot.take(server.store, trialIds: [grant.trialId]) == before)
            let tooMany = ResultBatch(results: Array(repeating: TestData.result(grant), count: ResultBatch.maxItems + 1))
            let reply2 = try await server.post("/v1/results", tooMany)
            #expect(reply2.status == 400)
            #expect(reply2.error?.detail.contains("at most 1024") == true)
            #expect(try await StoreSnapshot.take(server.store, trialIds: [grant.trialId]) == before)
        }
    }

    @Test func malformedRequestsAre400NamingTheProblemAndChangeNothing() async throws {
        try await TestServer.with { server in
            let (grant, before) = try await Self.leased(server)
            let cases: [(String, String, [String])] = [
                ("/v1/leases", #"{"worker":"w1","#, ["malformed JSON"]),
                ("/v1/leases", #"{"worker":"w1"}"#, ["slots", "missing"]),
                ("/v1/leases", #"{"worker":"w1","slots":"many"}"#, ["slots", "integer"]),
                ("/v1/leases", #"{"worker":"w1","slots":0}"#, ["slots", "1...1024"]),
                ("/v1/leases", #"{"worker":"has space","slots":1}"#, ["worker"]),
                ("/v1/leases", #"{"worker":"w1","slots":99999999999999999999999}"#, ["slots"]),
                ("/v1/leases", "[" + String(repeating: "[", count: 5000) + String(repeating: "]", count: 5000) + "]", []),
                ("/v1/leases", "", ["expected a JSON body"]),
                ("/v1/leases/heartbeat", #"{"worker":"w1","leaseIds":["../../etc/passwd"]}"#, ["leaseIds"]),
                ("/v1/leases/heartbeat", #"{"worker":"w1","leaseIds":"x"}"#, ["leaseIds"]),
                ("/v1/leases/release", #"{"leaseIds":[]}"#, ["worker", "missing"]),
                ("/v1/leases/not-a-lease/heartbeat", #"{"worker":"w1"}"#, ["leaseId"]),
                ("/v1/results", #"{"results":{}}"#, ["results"]),
                ("/v1/results", #"{"results":[{"leaseId":1}]}"#, ["results[0].leaseId"]),
                ("/v1/results", "\u{FEFF}garbage", ["malformed JSON"]),
            ]
            for (path, body, fragments) in cases {
                let reply = try await server.post(path, json: body)
                #expect(reply.status == 400, "POST \(path) \(body.prefix(60)): \(reply.status) \(reply.text)")
                #expect(reply.error != nil, "POST \(path): not an ErrorBody: \(reply.text)")
                for fragment in fragments {
                    #expect(reply.error?.detail.contains(fragment) == true, "'\(fragment)' not in: \(reply.text)")
                }
            }
            #expect(try await StoreSnapshot.take(server.store, trialIds: [grant.trialId]) == before)
        }
    }

    @Test func wrongContentTypeIs415() async throws {
        try await TestServer.with { server in
            let (grant, before) = try await Self.leased(server)
            for type in ["text/plain", "application/x-www-form-urlencoded", "application/yaml"] {
                let reply = try await server.request(.POST, "/v1/leases", body: Array(#"{"worker":"w1","slots":1}"#.utf8), contentType: type)
                #expect(reply.status == 415, "\(type)")
                #expect(reply.error?.error == "unsupported_media_type")
            }
            #expect(try await StoreSnapshot.take(server.store, trialIds: [grant.trialId]) == before)
            // Absent content type is fine (JSON is assumed).
            let plain = try await server.request(.POST, "/v1/leases/heartbeat",
                                                 body: Array(#"{"worker":"w1","leaseIds":["\#(grant.leaseId)"]}"#.utf8), contentType: nil)
            #expect(plain.status == 200)
        }
    }

    @Test func oversizedBodiesAre413AndChangeNothing() async throws {
        try await TestServer.with(configure: { $0.maxBodyBytes = 64 * 1024 }) { server in
            let (grant, before) = try await Self.leased(server)
            // Padding in a JSON string: valid JSON, just too large.
            let big = #"{"name":"big","description":""# + String(repeating: "x", count: 100_000) + #""}"#
            let reply = try await server.post("/v1/sweeps", json: big)
            #expect(reply.status == 413)
            #expect(reply.error?.error == "payload_too_large")
            #expect(reply.error?.detail.contains("65536") == true)
            let results = ResultBatch(results: Array(repeating: TestData.result(grant), count: 300))
            let reply2 = try await server.post("/v1/results", results)
            #expect(reply2.status == 413)
            #expect(try await StoreSnapshot.take(server.store, trialIds: [grant.trialId]) == before)
            // The server still answers afterwards.
            #expect(try await server.get("/healthz").status == 200)
        }
    }

    @Test func aBodyThatTricklesInIsCutOffWith408() async throws {
        try await TestServer.with(configure: { $0.bodyTimeout = 1 }) { server in
            let (grant, before) = try await Self.leased(server)
            let json = Array(#"{"worker":"w1","leaseIds":["\#(grant.leaseId)"]}"#.utf8)
            var request = HTTPClientRequest(url: server.url + "/v1/leases/heartbeat")
            request.method = .POST
            request.headers.add(name: "Authorization", value: "Bearer \(TestServer.defaultToken)")
            request.headers.add(name: "Content-Type", value: "application/json")
            // The first bytes at once, the rest after 5 s (the server waits 1 s).
            let chunks = AsyncStream<ByteBuffer> { continuation in
                continuation.yield(ByteBuffer(bytes: json.prefix(10)))
                Task {
                    try? await Task.sleep(for: .seconds(5))
                    continuation.yield(ByteBuffer(bytes: json.dropFirst(10)))
                    continuation.finish()
                }
            }
            request.body = .stream(chunks, length: .known(Int64(json.count)))
            var status: Int? = nil
            do {
                let response = try await HTTPClient.shared.execute(request, timeout: .seconds(20))
                status = Int(response.status.code)
                _ = try? await response.body.collect(upTo: 1 << 20)
            } catch {
                status = nil
            }
            #expect(status == 408)
            #expect(try await StoreSnapshot.take(server.store, trialIds: [grant.trialId]) == before)
        }
    }
}
