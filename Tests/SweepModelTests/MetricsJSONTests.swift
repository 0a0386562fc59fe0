import Foundation
import ReLUCore
import Testing
@testable import SweepModel

@Suite struct MetricsJSONTests {
    /// Every field present, trace and trajectory included.
    static let full = """
        {"collapsed":true,"collapsedInit":false,"deadFraction":0.75,"deadFractionInit":0.125,"deadFractionPerLayer":[0.5,1],
         "deadFractionPerLayerInit":[0.25,0],"deadUnits":48,"deathStep":120,"diverged":false,"divergenceStep":7,"initSlope":-0.625,
         "normalizedTestMSE":1.0000001,"normalizedTrainMSE":0.3,"normalizedTrainMSEInit":2.5e-7,"parameterCount":4545,
         "skippedSteps":10,"stepsPerSecond":12345.678,"stepsRun":990,"stopReason":"collapsed","totalUnits":64,
         "trace":[{"collapsed":false,"deadFraction":0.5,"normalizedTrainMSE":0.9,"step":0},{"collapsed":true,"deadFraction":1,"step":990}],
         "trajectory":[{"b":-0.5,"step":0,"w":[0.1,-0.2]}],"wallSeconds":0.0801}
        """

    @Test func encodingDecodesToTheSameMetricsWithTheSameKeysAsCodable() throws {
        let m = try JSONDecoder().decode(TrialMetrics.self, from: Data(Self.full.utf8))
        let fast = MetricsJSON.encode(m)
        #expect(try JSONDecoder().decode(TrialMetrics.self, from: Data(fast.utf8)) == m)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let codable = try encoder.encode(m)
        let a = try #require(try JSONSerialization.jsonObject(with: Data(fast.utf8)) as? [String: Any])
        let b = try #require(try JSONSerialization.jsonObject(with: codable) as? [String: Any])
        // A TrialMetrics field missing from MetricsJSON fails here.
        #expect(Set(a.keys) == Set(b.keys))
        #expect(Set(a.keys).count == 23)
    }

    @Test func absentOptionalsAreOmitted() throws {
        var m = try JSONDecoder().decode(TrialMetrics.self, from: Data(Self.full.utf8))
        m.deathStep = nil
        m.normalizedTestMSE = nil
        m.trace = nil
        m.trajectory = nil
        m.initSlope = nil
        let fast = MetricsJSON.encode(m)
        #expect(!fast.contains("initSlope"))
        #expect(!fast.contains("deathStep") && !fast.contains("trace") && !fast.contains("normalizedTestMSE"))
        #expect(try JSONDecoder().decode(TrialMetrics.self, from: Data(fast.utf8)) == m)
    }

    @Test func canonicalConfigsDecodeWithoutCodable() throws {
        let g = try GridSpec.parse("""
            name: d
            base: { dataset: "csv:data/a \\"b\\",c.csv", inputDim: 3, dataSeed: 9, earlyStop: true, eps: 1e-12 }
            axes: { model: [single, mlp, resmlp], targetStd: [1e-7, 0.5, 1e21], optimizer: [sgd, adam] }
            """, file: "d.yaml")
        for t in try g.trials() {
            #expect(CanonicalJSON.decodeConfig(t.canonicalConfig) == t.config)
        }
        #expect(CanonicalJSON.decodeConfig(#"{"model":"cnn"}"#) == nil)
        #expect(CanonicalJSON.decodeConfig(#"{"nope":1}"#) == nil)
        #expect(CanonicalJSON.decodeConfig("[1]") == nil)
    }
}
