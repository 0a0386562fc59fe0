import Foundation
import ReLUCore
import Testing
@testable import SweepModel

@Suite struct GridParsingTests {
    static let yaml = """
        name: p2-single-relu
        description: Fig. 2 reconstruction
        base:    { model: single, dataset: relu1d, optimizer: momentum, lr: 0.05, steps: 3000 }
        axes:    { targetStd: [1e-4, 1e-3, 1e-2], momentum: [0, 0.5, 0.9, 0.99] }
        seeds:   5
        """

    static let json = """
        {"name": "p2-single-relu", "description": "Fig. 2 reconstruction",
         "base": {"model": "single", "dataset": "relu1d", "optimizer": "momentum", "lr": 0.05, "steps": 3000},
         "axes": {"targetStd": [0.0001, 0.001, 0.01], "momentum": [0, 0.5, 0.9, 0.99]},
         "seeds": 5}
        """

    @Test func yamlGridHasItsKeysTypedAndCounted() throws {
        let g = try GridSpec.parse(Self.yaml, file: "p2.yaml")
        #expect(g.name == "p2-single-relu")
        #expect(g.description == "Fig. 2 reconstruction")
        #expect(g.base[.model] == .string("single"))
        #expect(g.base[.lr] == .double(0.05))
        #expect(g.base[.steps] == .int(3000))
        #expect(g.axes.map(\.key) == [.targetStd, .momentum])
        #expect(g.axes[0].values == [.double(1e-4), .double(1e-3), .double(1e-2)])
        #expect(g.axes[1].values == [.double(0), .double(0.5), .double(0.9), .double(0.99)])
        #expect(g.seeds == .count(5))
        #expect(g.trialCount == 3 * 4 * 5)
    }

    @Test func jsonAndYamlOfTheSameGridAreEqualAndGiveTheSameTrials() throws {
        let y = try GridSpec.parse(Self.yaml, file: "p2.yaml")
        let j = try GridSpec.parse(Self.json, file: "p2.json")
        #expect(y == j)
        #expect(try y.trials().map(\.id) == j.trials().map(\.id))
    }

    @Test func jsonTextParsesBackToAnEqualGrid() throws {
        let g = try GridSpec.parse("""
            name: round-trip
            base: { model: mlp, inputDim: null, dataSeed: 7, earlyStop: true }
            axes:
              targetStd: [logspace(-3, 0, 4)]
              lr: range(0.01, 0.05, 0.01)
              optimizer: [sgd, adam]
              depth: [1, 2]
            zip: [[optimizer, depth]]
            seeds: [3, 5, 8]
            """, file: "rt.yaml")
        let again = try GridSpec.parse(g.jsonText(), file: "request body", format: .json)
        #expect(again == g)
        #expect(try again.trials().map(\.id) == g.trials().map(\.id))
    }

    @Test func resolvedConfigsCarryBaseAxesAndSeeds() throws {
        let g = try GridSpec.parse(Self.yaml, file: "p2.yaml")
        let trials = try g.trials()
        #expect(trials.count == 60)
        let first = trials[0].config
        #expect(first.model == .single)
        #expect(first.dataset == .relu1d)
        #expect(first.lr == 0.05)
        #expect(first.steps == 3000)
        #expect(first.targetStd == 1e-4)
        #expect(first.momentum == 0)
        #expect(first.seed == 0)
        // Unset keys keep TrialConfig's defaults.
        #expect(first.nTrain == TrialConfig().nTrain)
    }

    @Test func canonicalConfigDecodesBackToTheConfig() throws {
        for t in try GridSpec.parse(Self.yaml, file: "p2.yaml").trials().prefix(10) {
            let decoded = try JSONDecoder().decode(TrialConfig.self, from: Data(t.canonicalConfig.utf8))
            #expect(decoded == t.config)
        }
    }

    @Test func blockStyleYamlWithCommentsAndAnchorsParses() throws {
        let g = try GridSpec.parse("""
            # a comment
            name: anchors
            base:
              model: mlp   # trailing comment
              width: &w 32
            axes:
              depth: [1, 2]
              nTrain:
                - 128
                - *w
            """, file: "a.yaml")
        #expect(g.base[.width] == .int(32))
        #expect(g.axes[1].values == [.int(128), .int(32)])
    }

    @Test func quotedNumbersAreStringsAndFailTyping() {
        #expect(throws: GridError.self) {
            try GridSpec.parse("name: q\nbase: { lr: '0.1' }\n", file: "q.yaml")
        }
    }

    @Test func integralDecimalsAreAcceptedForIntegerKeys() throws {
        let g = try GridSpec.parse("name: ints\nbase: { steps: 1e3, width: 64.0 }\n", file: "i.yaml")
        #expect(g.base[.steps] == .int(1000))
        #expect(g.base[.width] == .int(64))
    }

    @Test func jsonReaderHandlesEscapesAndUnicode() throws {
        let g = try GridSpec.parse(#"{"name": "u", "description": "caf\u00e9 \ud83d\ude00 \"q\" \\ \n", "base": {"dataset": "csv:a,b.csv"}}"#,
                                   file: "u.json")
        #expect(g.description == "café 😀 \"q\" \\ \n")
        #expect(g.base[.dataset] == .string("csv:a,b.csv"))
    }
}
