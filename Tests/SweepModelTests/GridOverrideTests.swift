import ReLUCore
import Testing
@testable import SweepModel

@Suite struct GridOverrideTests {
    static let grid = """
        name: base-grid
        base: { model: single, lr: 0.05 }
        axes: { targetStd: [1, 10], momentum: [0, 0.9] }
        seeds: 2
        """

    func spec(_ overrides: String...) throws -> GridSpec {
        try GridSpec.parse(Self.grid, file: "g.yaml", overrides: overrides.map { s throws(GridError) in try GridOverride(parsing: s) })
    }

    @Test func replacesAnAxisValues() throws {
        let g = try spec("momentum=0,0.5,0.99")
        #expect(g.axes[1].values == [.double(0), .double(0.5), .double(0.99)])
        #expect(g.trialCount == 2 * 3 * 2)
    }

    @Test func setsABaseKeyAndPromotesSeveralValuesToAnAxis() throws {
        let one = try spec("lr=1e-3")
        #expect(one.base[.lr] == .double(0.001))
        let many = try spec("lr=1e-3,1e-2")
        #expect(many.base[.lr] == nil)
        #expect(many.axes.last == GridAxis(key: .lr, values: [.double(0.001), .double(0.01)]))
        let fresh = try spec("width=8")
        #expect(fresh.base[.width] == .int(8))
    }

    @Test func setsSeedsAndName() throws {
        let g = try spec("seeds=5", "name=other")
        #expect(g.seeds == .count(5))
        #expect(g.name == "other")
        #expect(try spec("seeds=3,9").seeds == .list([3, 9]))
    }

    @Test func acceptsGeneratorsBracketsAndQuotes() throws {
        #expect(try spec("targetStd=logspace(-2, 0, 3)").axes[0].values == [.double(0.01), .double(0.1), .double(1)])
        #expect(try spec("momentum=[0, 0.5]").axes[1].values == [.double(0), .double(0.5)])
        #expect(try spec("dataset='csv:a,b.csv'").base[.dataset] == .string("csv:a,b.csv"))
    }

    @Test func givesTheSameTrialsAsEditingTheFile() throws {
        let edited = try GridSpec.parse(Self.grid.replacingOccurrences(of: "momentum: [0, 0.9]", with: "momentum: [0.5]"),
                                        file: "g.yaml")
        #expect(try spec("momentum=0.5").trials().map(\.id) == edited.trials().map(\.id))
    }

    @Test func appliesToAParsedSpecToo() throws {
        let g = try GridSpec.parse(Self.grid, file: "g.yaml")
        let o = try g.applying([GridOverride(parsing: "seeds=4")])
        #expect(o.trialCount == 16)
        #expect(Array(try o.trials().prefix(8)) == Array(try g.trials().prefix(8)))
    }

    @Test func badOverridesNameTheOverride() {
        for (arg, mention) in [("targetstd=1", "did you mean targetStd?"), ("momentum", "key=value"),
                               ("lr=fast", "expected a finite number"), ("seeds=0", ">= 1")] {
            #expect {
                try spec(arg)
            } throws: { e in
                guard let g = e as? GridError else { return false }
                return g.description.contains(mention) && g.file.hasPrefix("-s ")
            }
        }
    }

    @Test func overridesCanCreateAConflictThatIsReported() {
        #expect(throws: GridError.self) { try spec("seed=3") }
    }
}
