import Foundation
import ReLUCore
import Testing
@testable import SweepModel

@Suite struct TrialIDTests {
    @Test func idIsThirtyTwoHexDigitsOfTheCanonicalConfig() {
        let c = TrialConfig()
        let id = TrialID.of(c)
        #expect(TrialID.isWellFormed(id))
        #expect(id == TrialID.of(canonicalConfig: CanonicalJSON.config(c)))
        #expect(Trial(config: c).id == id)
    }

    @Test func idIsStableAcrossRuns() {
        // Pinned: changing the canonical form or the hash changes every stored id, which must
        // come with a protocolVersion bump. Update this value only together with that bump.
        var c = TrialConfig()
        c.model = .single
        c.dataset = .relu1d
        c.targetStd = 1e-3
        #expect(SweepModel.protocolVersion == 1)
        let canonical = #"{"batchSize":64,"beta2":0.999,"dataset":"relu1d","depth":2,"earlyStop":false,"eps":1e-8,"lr":0.001,"model":"single","momentum":0.9,"nTest":1024,"nTrain":1024,"optimizer":"momentum","probeEvery":0,"seed":0,"steps":1000,"targetMean":0,"targetStd":0.001,"trace":false,"trajectoryEvery":0,"width":64}"#
        #expect(CanonicalJSON.config(c) == canonical)
        // Computed independently: python3 -c 'import hashlib; print(hashlib.sha256(b"relusweep-trial/v1\n" + CANONICAL).hexdigest()[:32])'
        #expect(TrialID.of(c) == "5360190009367a15331aa013ae40142f")
    }

    @Test("outputInitScale at its default 1 leaves the canonical form and the id as before; another value is a new trial")
    func outputInitScaleKeepsOldIds() throws {
        var c = TrialConfig()
        c.model = .single
        c.dataset = .relu1d
        c.targetStd = 1e-3
        c.outputInitScale = 1
        #expect(TrialID.of(c) == "5360190009367a15331aa013ae40142f")
        #expect(!CanonicalJSON.config(c).contains("outputInitScale"))
        let grid = try GridSpec.parse("name: o\nbase: { model: mlp, outputInitScale: 1 }\n", file: "o.yaml").trials()
        #expect(grid[0].id == TrialID.of({ var m = TrialConfig(); m.model = .mlp; return m }()))
        c.model = .neuron
        c.outputInitScale = 0.001
        #expect(CanonicalJSON.config(c).contains("\"outputInitScale\":0.001"))
        let scaled = try GridSpec.parse("name: o\nbase: { model: neuron, outputInitScale: 1e-3, targetStd: 1e-3, dataset: relu1d }\n", file: "o.yaml").trials()
        #expect(scaled[0].config.outputInitScale == 0.001 && scaled[0].id == TrialID.of(c))
    }

    @Test func differentSpellingsOfOneNumberGiveOneId() throws {
        let a = try GridSpec.parse("name: a\nbase: { lr: 1e-3, targetStd: 1.0, steps: 1e3 }\n", file: "a.yaml").trials()
        let b = try GridSpec.parse(#"{"name": "b", "base": {"lr": 0.001, "targetStd": 1, "steps": 1000}}"#, file: "b.json").trials()
        let c = try GridSpec.parse("name: c\n", file: "c.yaml", overrides: [GridOverride(parsing: "lr=1E-3"), GridOverride(parsing: "steps=1000.0")]).trials()
        #expect(a[0].id == b[0].id)
        #expect(a[0].id == c[0].id)
    }

    @Test func anyKeyChangesTheId() {
        let base = TrialConfig()
        var seeds = base
        seeds.seed = 1
        var std = base
        std.targetStd = 1.0000000000000002
        var dim = base
        dim.inputDim = 4
        let ids = Set([base, seeds, std, dim].map(TrialID.of))
        #expect(ids.count == 4)
    }

    @Test func resubmittingGivesTheSameIdsAndExtendingOnlyAddsNewOnes() throws {
        let grid = "name: ext\naxes: { targetStd: [0.1, 1], momentum: [0, 0.9] }\nseeds: 3\n"
        let first = try GridSpec.parse(grid, file: "e.yaml").trials().map(\.id)
        let again = try GridSpec.parse(grid, file: "e.yaml").trials().map(\.id)
        #expect(first == again)
        let moreSeeds = try GridSpec.parse(grid.replacingOccurrences(of: "seeds: 3", with: "seeds: 5"), file: "e.yaml").trials().map(\.id)
        #expect(Set(first).isSubset(of: Set(moreSeeds)))
        #expect(Set(moreSeeds).subtracting(first).count == 2 * 2 * 2)
        let moreValues = try GridSpec.parse(grid.replacingOccurrences(of: "[0, 0.9]", with: "[0, 0.9, 0.99]"), file: "e.yaml").trials().map(\.id)
        #expect(Set(first).isSubset(of: Set(moreValues)))
        #expect(Set(moreValues).subtracting(first).count == 2 * 1 * 3)
        #expect(Set(first).count == first.count)
    }
}
