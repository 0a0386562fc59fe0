import Testing
@testable import SweepModel

@Suite struct GridExpansionTests {
    @Test func cartesianOrderHasSeedsOutermostAndTheLastAxisFastest() throws {
        let g = try GridSpec.parse("""
            name: order
            axes: { targetStd: [1, 10], momentum: [0, 0.5, 0.9] }
            seeds: 2
            """, file: "o.yaml")
        let got = try g.trials().map { "\($0.config.seed)/\($0.config.targetStd)/\($0.config.momentum)" }
        #expect(got == [
            "0/1.0/0.0", "0/1.0/0.5", "0/1.0/0.9", "0/10.0/0.0", "0/10.0/0.5", "0/10.0/0.9",
            "1/1.0/0.0", "1/1.0/0.5", "1/1.0/0.9", "1/10.0/0.0", "1/10.0/0.5", "1/10.0/0.9",
        ])
        #expect(g.dimensions.map(\.size) == [2, 3])
        #expect(g.varyingKeys == [.targetStd, .momentum, .seed])
    }

    @Test func zippedAxesVaryTogether() throws {
        let g = try GridSpec.parse("""
            name: zipped
            axes:
              model: [single, mlp]
              targetStd: [0.1, 1]
              dataset: [relu1d, teacher]
            zip: [[model, dataset]]
            """, file: "z.yaml")
        #expect(g.trialCount == 4)
        #expect(g.dimensions.map(\.keys) == [[.model, .dataset], [.targetStd]])
        let got = try g.trials().map { "\($0.config.model.rawValue)/\($0.config.dataset)/\($0.config.targetStd)" }
        #expect(got == ["single/relu1d/0.1", "single/relu1d/1.0", "mlp/teacher/0.1", "mlp/teacher/1.0"])
    }

    @Test func repeatedZippedCombinationsAreRefused() {
        #expect(throws: GridError.self) {
            try GridSpec.parse("name: z\naxes: { lr: [0.1, 0.1], width: [8, 8] }\nzip: [[lr, width]]\n", file: "z.yaml")
        }
    }

    @Test("a zipped axis may repeat a value when the tuples differ (sgd and momentum at one lr)")
    func zippedAxisMayRepeatAValue() throws {
        let g = try GridSpec.parse(
            "name: z\naxes: { optimizer: [sgd, momentum, adam], lr: [0.05, 0.05, 0.01] }\nzip: [[optimizer, lr]]\n",
            file: "z.yaml")
        let got = try g.trials().map { "\($0.config.optimizer.rawValue)@\($0.config.lr)" }
        #expect(got == ["sgd@0.05", "momentum@0.05", "adam@0.01"])
    }

    @Test func noAxesAndNoSeedsIsOneTrial() throws {
        let g = try GridSpec.parse("name: one\nbase: { seed: 42 }\n", file: "one.yaml")
        let t = try g.trials()
        #expect(t.count == 1)
        #expect(t[0].config.seed == 42)
        #expect(g.varyingKeys.isEmpty)
    }

    @Test func explicitSeedListIsUsedAsGiven() throws {
        let g = try GridSpec.parse("name: s\nseeds: [7, 3]\n", file: "s.yaml")
        #expect(try g.trials().map(\.config.seed) == [7, 3])
        // 0..<N written as a list is the same as seeds: N.
        #expect(try GridSpec.parse("name: s\nseeds: [0, 1, 2]\n", file: "s.yaml").seeds == .count(3))
    }

    @Test func sampleTrialsAreThePrefixOfTrials() throws {
        let g = try GridSpec.parse("name: p\naxes: { lr: [0.1, 0.2, 0.3] }\nseeds: 3\n", file: "p.yaml")
        #expect(try g.sampleTrials(4) == Array(g.trials().prefix(4)))
        #expect(try g.config(at: 5) == g.trials()[5].config)
    }
}

@Suite struct StreamingExpansionTests {
    @Test func lazyTrialsAndValidateAllAgreeWithTrials() throws {
        let g = try GridSpec.parse("name: l\naxes: { targetStd: [0.1, 1], width: [8, 16] }\nzip: [[targetStd, width]]\nseeds: 3\n", file: "l.yaml")
        try g.validateAll()
        #expect(Array(g.lazyTrials) == (try g.trials()))
        let bad = try GridSpec.parse("name: b\naxes: { momentum: [0.5, 1.5] }\n", file: "b.yaml")
        #expect(throws: GridError.self) { try bad.validateAll() }
    }
}
