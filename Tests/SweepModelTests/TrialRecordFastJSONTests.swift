import Foundation
import ReLUCore
import Testing
@testable import SweepModel

/// The fast results-line reader against JSONDecoder: the same record for every line both read.
@Suite struct TrialRecordFastJSONTests {
    static let records: [TrialRecord] = {
        var configs: [TrialConfig] = []
        var single = TrialConfig()
        single.model = .single; single.dataset = .relu1d; single.steps = 40; single.nTrain = 32; single.nTest = 16
        single.batchSize = 0; single.trajectoryEvery = 10; single.targetStd = 1e-7
        configs.append(single)
        var mlp = TrialConfig()
        mlp.depth = 2; mlp.width = 8; mlp.steps = 30; mlp.nTrain = 64; mlp.nTest = 0; mlp.trace = true; mlp.dataSeed = 7
        mlp.optimizer = .adam; mlp.inputDim = 3
        configs.append(mlp)
        var diverging = TrialConfig()
        diverging.model = .mlp; diverging.lr = 1e3; diverging.steps = 20; diverging.nTrain = 16; diverging.nTest = 16
        configs.append(diverging)
        var out = configs.map { TrialRecord(trialId: TrialID.of($0), config: $0, metrics: try! Trainer().run($0)) }
        var csv = TrialConfig()
        csv.dataset = .csv(path: "data/a \"b\" \u{e9}\\c.csv")
        out.append(TrialRecord(trialId: nil, config: csv, metrics: nil, error: "training threw: \"x\"\n\ttab \u{1F600} \u{0001}"))
        return out
    }()

    @Test func linesWrittenByJSONEncoderReadBackTheSame() throws {
        for r in Self.records {
            let line = try r.jsonLine()
            let fast = Array(line.utf8).withUnsafeBufferPointer { TrialRecord.fastParse($0) }
            #expect(fast == r, "\(line.prefix(200))")
            #expect(fast == (try TrialRecord.parse(jsonLine: line)))
        }
    }

    @Test func keyOrderSpacingAndNullsDoNotMatter() throws {
        let r = Self.records[1]
        let metrics = MetricsJSON.encode(r.metrics!)
        let line = " { \"metrics\" : \(metrics) ,\n \"error\":null, \"config\" :\(CanonicalJSON.config(r.config)), \"trialId\" : \"\(r.trialId!)\", \"extra\": [1, {\"a\": null}] } "
        let fast = try #require(Array(line.utf8).withUnsafeBufferPointer { TrialRecord.fastParse($0) })
        #expect(fast == r)
    }

    @Test(arguments: [
        #"{"config": {"targetstd": 1}}"#,              // unknown config key
        #"{"config": {"depth": 1.5}}"#,                // not an integer
        #"{"config": {"model": "cnn"}}"#,              // not a model
        #"{"config": {}, "metrics": {"collapsed": true}}"#,  // metrics without required keys
        #"{"config": {}} trailing"#,
        #"{"config": {"lr": 1e999}}"#,
        #"{"config": {"seed": 01}}"#,
        #"{"trialId": "x"}"#,                          // no config
    ])
    func malformedLinesFallBackToJSONDecoderAndItsError(_ line: String) {
        let fast = Array(line.utf8).withUnsafeBufferPointer { TrialRecord.fastParse($0) }
        #expect(fast == nil)
        #expect(throws: (any Error).self) { try Array(line.utf8).withUnsafeBufferPointer { try TrialRecord.parse(jsonLine: $0) } }
    }

    @Test func numbersReadAsSwiftReadsThem() {
        for text in ["0", "-0", "1e-7", "1E+300", "0.1", "123456789.123456789", "-2.5e-308", "5e-324"] {
            var s = Array(text.utf8)
            let fast = s.withUnsafeMutableBufferPointer { p in
                var scanner = JSONScanner(UnsafeBufferPointer(p))
                return scanner.double()
            }
            #expect(fast == Double(text), "\(text)")
        }
    }
}
