import Foundation
import Testing
@testable import ReLUCore

/// `outputInitScale`: scales the output layer's initial weights, and leaves every existing trial
/// (config JSON, parameters, metrics) exactly as it was when left at 1.
struct OutputInitScaleTests {
    @Test("left at 1 it is not encoded; any other value is, and decodes back")
    func encoding() throws {
        let plain = try JSONEncoder().encode(TrialConfig())
        #expect(!String(decoding: plain, as: UTF8.self).contains("outputInitScale"))
        #expect(!TrialConfig().isOmittedDefault(.model))
        #expect(TrialConfig().isOmittedDefault(.outputInitScale))
        var c = TrialConfig()
        c.outputInitScale = 0.001
        #expect(!c.isOmittedDefault(.outputInitScale))
        let text = String(decoding: try JSONEncoder().encode(c), as: UTF8.self)
        #expect(text.contains("\"outputInitScale\":0.001"))
        #expect(try JSONDecoder().decode(TrialConfig.self, from: Data(text.utf8)) == c)
        let explicitOne = try JSONDecoder().decode(TrialConfig.self, from: Data(#"{"outputInitScale": 1}"#.utf8))
        #expect(explicitOne == TrialConfig())
    }

    @Test("invalid values and model single are errors naming the key", arguments: [
        (ModelKind.mlp, -1.0), (.mlp, .nan), (.neuron, .infinity), (.single, 0.5),
    ])
    func validation(model: ModelKind, scale: Double) {
        var c = TrialConfig()
        c.model = model
        c.outputInitScale = scale
        do {
            try c.validate()
            Issue.record("accepted outputInitScale \(scale) for \(model)")
        } catch {
            #expect(error.key == "outputInitScale")
        }
        c.outputInitScale = 0
        if model != .single { #expect(throws: Never.self) { try c.validate() } }
    }

    /// The parameters of a config's freshly initialized network.
    static func initialParameters(_ c: TrialConfig, inputDim: Int = 4) -> [Float] {
        let net = NetworkFactory.make(c, inputDim: inputDim, capacity: 8)
        var rng = DeterministicRNG(seed: UInt64(c.seed), stream: .initialization)
        net.initialize(rng: &rng)
        return (0..<net.parameterCount).map { net.parameters[$0] }
    }

    @Test("mlp and resmlp: exactly the last layer's weights are multiplied", arguments: [ModelKind.mlp, .resmlp])
    func lastLayerOnly(model: ModelKind) {
        var c = TrialConfig()
        c.model = model
        c.width = 6
        c.depth = 3
        let plain = Self.initialParameters(c)
        c.outputInitScale = 0.01
        let scaled = Self.initialParameters(c)
        #expect(plain.count == scaled.count)
        // The output block is the last width + 1 parameters: width weights, then the bias.
        let outputStart = plain.count - (c.width + 1)
        for i in 0..<outputStart { #expect(plain[i] == scaled[i], "parameter \(i) changed") }
        for i in outputStart..<(plain.count - 1) {
            #expect(scaled[i] == plain[i] * 0.01)
            #expect(plain[i] != 0)
        }
        #expect(scaled[plain.count - 1] == 0)
    }

    @Test("the initial output scales with it, so it sets the initial error against the targets")
    func initialOutputScale() throws {
        var c = TrialConfig()
        c.model = .mlp
        c.width = 16
        c.depth = 2
        c.steps = 0
        c.targetStd = 1e-3
        let plain = try Trainer().run(c)
        c.outputInitScale = c.targetStd
        let matched = try Trainer().run(c)
        // nMSE at init = E[(f - y)^2] / sigma^2 ~ Var(f) / sigma^2 + 1: He outputs are O(1), so
        // ~1/sigma^2 unscaled, and O(1) (here about 12) when the output starts at the targets' scale.
        let plainInit = try #require(plain.normalizedTrainMSEInit)
        let matchedInit = try #require(matched.normalizedTrainMSEInit)
        #expect(plainInit > 1e5)
        #expect(matchedInit < 100)
        #expect(plainInit > 1e4 * matchedInit)
        #expect(plain.deadFractionInit == matched.deadFractionInit)
    }
}
