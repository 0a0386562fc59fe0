import Foundation
import ReLUCore
import SweepModel
import SweepStore
import Testing

@Suite(.timeLimit(.minutes(2)))
struct ExportRoutesTests {
    @Test func jsonlAndCSVExportsParseBackOverSeveralPages() async throws {
        try await TestServer.with { server in
            // 1,200 trials: more than one export page (1,000).
            _ = try await server.submit(TestData.grid("exp", std: [0.1, 1], momentum: [0.9], seeds: 600))
            var grants: [LeaseGrant] = []
            while grants.count < 1200 {
                let lease = try await server.lease(slots: 1024)
                #expect(!lease.leases.isEmpty)
                grants += lease.leases
            }
            let failing = grants[5]
            let good = grants.filter { $0.trialId != failing.trialId }
            for start in stride(from: 0, to: good.count, by: 1000) {
                let batch = good[start..<min(start + 1000, good.count)].map { TestData.result($0, collapsed: $0.config.targetStd < 0.5) }
                #expect(try await server.record(batch).results.allSatisfy { $0.status == .stored })
            }
            #expect(try await server.record([TestData.failure(failing, "diverged badly")]).results.first?.status == .stored)
            for _ in 0..<2 {
                #expect(try await server.post("/v1/trials/\(failing.trialId)/fail", json: #"{"error":"diverged badly"}"#).status == 200)
            }
            #expect(try await server.get("/v1/sweeps/exp").decode(SweepStatus.self).counts == TrialCounts(done: 1199, failed: 1))

            let jsonl = try await server.get("/v1/sweeps/exp/results?format=jsonl")
            #expect(jsonl.status == 200)
            #expect(jsonl.headers.first(name: "Content-Type") == "application/x-ndjson")
            let lines = jsonl.text.split(separator: "\n").map(String.init)
            #expect(lines.count == 1200)
            let records = try lines.map { try TrialRecord.parse(jsonLine: $0) }
            #expect(Set(records.compactMap(\.trialId)) == Set(grants.map(\.trialId)))
            // Trial order, and exactly the store's records (decoded: the lines are the stored JSON as it is).
            var stored: [TrialRecord] = []
            try await server.store.exportRecords(sweepId: "exp") { stored += $0 }
            #expect(records == stored)
            // Every line is a sorted-key JSON object whose config is the trial's canonical config.
            for (line, r) in zip(lines, records) {
                #expect(line.hasPrefix(#"{"config":"# + CanonicalJSON.config(r.config)))
                #expect(line.hasSuffix(#""trialId":""# + r.trialId! + #""}"#))
            }
            let failed = try #require(records.first { $0.trialId == failing.trialId })
            #expect(failed.error == "diverged badly")
            #expect(failed.metrics == nil)
            #expect(records.filter { $0.metrics?.collapsed == true }.count == good.filter { $0.config.targetStd < 0.5 }.count)
            // Default format is jsonl.
            #expect(try await server.get("/v1/sweeps/exp/results").text == jsonl.text)

            let csv = try await server.get("/v1/sweeps/exp/results?format=csv")
            #expect(csv.status == 200)
            #expect(csv.headers.first(name: "Content-Type")?.hasPrefix("text/csv") == true)
            #expect(csv.text.hasPrefix(TrialRecordCSV.headerLine + "\n"))
            let parsed = try TrialRecordCSV.parse(csv.text)
            #expect(parsed.count == 1200)
            #expect(parsed.map(\.trialId) == records.map(\.trialId))
            #expect(parsed.map(\.config) == records.map(\.config))
            #expect(parsed.map { $0.metrics?.collapsed } == records.map { $0.metrics?.collapsed })
            #expect(parsed.first { $0.trialId == failing.trialId }?.error == "diverged badly")

            let bad = try await server.get("/v1/sweeps/exp/results?format=xml")
            #expect(bad.status == 400)
            #expect(bad.error?.detail.contains("jsonl or csv") == true)
        }
    }

    @Test func anEmptySweepExportsNothingButTheCSVHeader() async throws {
        try await TestServer.with { server in
            _ = try await server.submit(TestData.grid("empty", seeds: 1))
            #expect(try await server.get("/v1/sweeps/empty/results").text == "")
            #expect(try await server.get("/v1/sweeps/empty/results?format=csv").text == TrialRecordCSV.headerLine + "\n")
        }
    }
}
