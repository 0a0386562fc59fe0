import Foundation
import Testing
@testable import ReLUCore

struct TrialConfigTests {
    @Test func defaultsAndRoundTrip() throws {
        let c = try JSONDecoder().decode(TrialConfig.self, from: Data(#"{"targetStd": 0.01, "dataset": "csv:a,b.csv"}"#.utf8))
        #expect(c.targetStd == 0.01)
        #expect(c.dataset == .csv(path: "a,b.csv"))
        #expect(c.model == .mlp && c.optimizer == .momentum && c.batchSize == 64)
        let again = try JSONDecoder().decode(TrialConfig.self, from: JSONEncoder().encode(c))
        #expect(again == c)
    }

    @Test("unknown keys are rejected, naming the key and the allowed ones")
    func unknownKey() {
        do {
            _ = try JSONDecoder().decode(TrialConfig.self, from: Data(#"{"targetstd": 0.01}"#.utf8))
            Issue.record("accepted an unknown key")
        } catch let DecodingError.dataCorrupted(context) {
            #expect(context.debugDescription.contains("unknown key 'targetstd'"))
            #expect(context.debugDescription.contains("targetStd"))
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test("bad values fail validation with the key", arguments: [
        ("momentum", #"{"momentum": 1}"#), ("lr", #"{"lr": 0}"#), ("targetStd", #"{"targetStd": -1}"#),
        ("steps", #"{"steps": -5}"#), ("depth", #"{"depth": 0}"#), ("batchSize", #"{"batchSize": -1}"#),
        ("trajectoryEvery", #"{"trajectoryEvery": 5}"#),
        ("dataset", #"{"dataset": "csv:ok.csv\u0000../../etc/passwd"}"#),
        ("dataset", #"{"dataset": "csv:a\nb.csv"}"#),
    ])
    func validation(key: String, json: String) throws {
        let c = try JSONDecoder().decode(TrialConfig.self, from: Data(json.utf8))
        #expect(throws: ConfigError.self) { try c.validate() }
        do { try c.validate() } catch { #expect(error.key == key) }
    }

    @Test func wrongTypeAndDataset() {
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(TrialConfig.self, from: Data(#"{"depth": "deep"}"#.utf8))
        }
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(TrialConfig.self, from: Data(#"{"dataset": "mnist"}"#.utf8))
        }
    }
}
