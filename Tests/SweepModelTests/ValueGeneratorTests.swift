import ReLUCore
import Testing
@testable import SweepModel

@Suite struct ValueGeneratorTests {
    func values(_ text: String) throws -> [ConfigValue] {
        try GridSpec.parse("name: g\naxes:\n  lr: \(text)\n", file: "g.yaml").axes[0].values
    }

    @Test func logspaceGivesExactDecimalPowersWithEndpoints() throws {
        #expect(try values("logspace(-4, 1, 6)") == [1e-4, 1e-3, 1e-2, 1e-1, 1, 10].map { .double($0) })
        #expect(try values("logspace(0, 0, 1)") == [.double(1)])
    }

    @Test func logspaceWithFractionalExponentsIsMonotoneAndHitsTheEndpoints() throws {
        let v: [Double] = try values("logspace(-2, 0, 5)").map { value -> Double in
            if case .double(let d) = value { return d }
            return -1
        }
        #expect(v.count == 5)
        #expect(v.first == 0.01 && v.last == 1)
        #expect(zip(v, v.dropFirst()).allSatisfy { $0 < $1 })
        #expect(abs(v[1] - 0.031622776601683794) < 1e-15)
    }

    @Test func rangeIsHalfOpenAndExactInDecimal() throws {
        #expect(try values("range(0.1, 0.5, 0.1)") == [0.1, 0.2, 0.3, 0.4].map { .double($0) })
        #expect(try values("range(0.9, 0.5, -0.2)") == [0.9, 0.7].map { .double($0) })
    }

    @Test func integerRangeGivesIntegersForIntegerKeys() throws {
        let g = try GridSpec.parse("name: g\naxes:\n  width: range(8, 33, 8)\n  depth: [range(3), 10]\n", file: "g.yaml")
        #expect(g.axes[0].values == [.int(8), .int(16), .int(24), .int(32)])
        #expect(g.axes[1].values == [.int(0), .int(1), .int(2), .int(10)])
    }

    @Test func generatorsMixWithValuesInsideAList() throws {
        #expect(try values("[\"logspace(-2, -1, 2)\", 0.5]") == [.double(0.01), .double(0.1), .double(0.5)])
        // YAML splits a flow list at commas; the pieces of a generator are put back together.
        #expect(try values("[0.5, range(1, 3), logspace(-2, -1, 2)]") == [0.5, 1, 2, 0.01, 0.1].map { .double($0) })
        #expect(try values("\n    - 0.5\n    - range(1, 3)") == [.double(0.5), .double(1), .double(2)])
    }

    @Test func aSplitGeneratorInAFlowMappingGetsAHint() {
        #expect {
            try GridSpec.parse("name: g\naxes: { lr: logspace(-2, -1, 2) }\n", file: "g.yaml")
        } throws: { e in
            (e as? GridError)?.description.contains("quote it, or write it in block style") == true
        }
    }

    @Test func seedsAcceptARange() throws {
        let g = try GridSpec.parse("name: g\nseeds: range(10, 13)\n", file: "g.yaml")
        #expect(g.seeds == .list([10, 11, 12]))
        #expect(try g.trials().map(\.config.seed) == [10, 11, 12])
    }
}
