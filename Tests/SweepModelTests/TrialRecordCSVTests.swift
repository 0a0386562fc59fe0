import SweepModel
import Testing
@testable import ReLUCore

struct TrialRecordCSVTests {
    @Test("CSV rows parse back to the same records (trace and trajectory are JSONL-only)")
    func roundTrip() throws {
        var c = TrialConfig()
        c.model = .single
        c.dataset = .relu1d
        c.steps = 100
        c.batchSize = 0
        c.trace = true
        let m = try Trainer().run(c)
        var failedConfig = c
        failedConfig.dataset = .csv(path: "dir,with \"comma\".csv")
        let records = [
            TrialRecord(trialId: "a1", config: c, metrics: m),
            TrialRecord(trialId: "b2", config: failedConfig, metrics: nil, error: "boom, \"quoted\""),
        ]
        let text = ([TrialRecordCSV.headerLine] + records.map(TrialRecordCSV.row)).joined(separator: "\n") + "\n"
        let parsed = try TrialRecordCSV.parse(text)
        #expect(parsed.count == 2)
        var expected = m
        expected.trace = nil
        #expect(parsed[0] == TrialRecord(trialId: "a1", config: c, metrics: expected))
        #expect(parsed[1] == records[1])
    }

    @Test func badNumbersAreReportedWithTheLine() {
        let text = "trialId,lr,deadFraction\nx,abc,0.5\n"
        #expect(throws: TrialRecordCSV.ParseError.self) { try TrialRecordCSV.parse(text) }
    }

    @Test func jsonLineRoundTrip() throws {
        var c = TrialConfig()
        c.steps = 10
        let r = TrialRecord(trialId: "id", config: c, metrics: try Trainer().run(c))
        #expect(try TrialRecord.parse(jsonLine: r.jsonLine()) == r)
    }
}
