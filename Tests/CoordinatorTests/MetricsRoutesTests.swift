import Foundation
import SweepModel
import Testing

@Suite(.timeLimit(.minutes(1)))
struct MetricsRoutesTests {
    @Test func metricsCountLeasesResultsRequestsAndTrialsByState() async throws {
        try await TestServer.with { server in
            _ = try await server.submit(TestData.grid("m", seeds: 2))
            let lease = try await server.lease(slots: 3)
            _ = try await server.record(lease.leases.map { TestData.result($0) })
            _ = try await server.record([TestData.result(lease.leases[0])])
            _ = try await server.get("/v1/sweeps/nope")

            let reply = try await server.get("/metrics")
            #expect(reply.status == 200)
            #expect(reply.headers.first(name: "Content-Type")?.hasPrefix("text/plain") == true)
            let samples = Self.samples(reply.text)
            let expected: [(String, Double)] = [
                ("relusweep_leases_granted_total", 3),
                (#"relusweep_lease_requests_total{outcome="granted"}"#, 1),
                (#"relusweep_results_total{status="stored"}"#, 3),
                (#"relusweep_results_total{status="duplicate"}"#, 1),
                (#"relusweep_results_total{status="rejected"}"#, 0),
                (#"relusweep_trials{sweep="m",state="pending"}"#, 5),
                (#"relusweep_trials{sweep="m",state="done"}"#, 3),
                (#"relusweep_trials{sweep="m",state="leased"}"#, 0),
                ("relusweep_workers_live", 1),
                (#"relusweep_http_requests_total{route="/v1/results",method="POST",status="200"}"#, 2),
                (#"relusweep_http_requests_total{route="/v1/sweeps/{id}",method="GET",status="404"}"#, 1),
                (#"relusweep_http_request_duration_seconds_count{route="/v1/results",method="POST"}"#, 2),
                (#"relusweep_http_request_duration_seconds_bucket{route="/v1/leases",method="POST",le="+Inf"}"#, 1),
            ]
            for (name, value) in expected {
                #expect(samples[name] == value, "\(name)")
            }
        }
    }

    /// Prometheus text lines `name{labels} value`, keyed by everything before the value.
    static func samples(_ text: String) -> [String: Double] {
        var out: [String: Double] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            guard let space = line.lastIndex(of: " "), let value = Double(line[line.index(after: space)...]) else { continue }
            out[String(line[..<space])] = value
        }
        return out
    }
}
