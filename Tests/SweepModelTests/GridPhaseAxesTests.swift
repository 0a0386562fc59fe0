import SweepModel
import Testing

@Suite struct GridPhaseAxesTests {
    @Test func theFirstTwoNumericDimensionsAreXAndYAndTheOtherSweptOnesFacets() throws {
        // grids/smoke.yaml's shape: a zip group (counted once, by its first key) before two numeric axes.
        let g = try GridSpec.parse("""
            name: s
            axes: { model: [single, mlp], dataset: [relu1d, teacher], lr: [0.05, 0.01], targetStd: [0.001, 1], momentum: [0, 0.9], depth: [2] }
            zip: [[model, dataset, lr]]
            """, file: "s.yaml")
        #expect(g.defaultPhaseAxes == GridPhaseAxes(x: "targetStd", y: "momentum", facets: ["model"]))
    }

    @Test func withFewerThanTwoNumericDimensionsTheFirstTwoOfAnyKind() throws {
        let g = try GridSpec.parse("name: t\naxes: { optimizer: [sgd, adam], targetStd: [0.1, 1], model: [single, mlp] }\n", file: "t.yaml")
        #expect(g.defaultPhaseAxes == GridPhaseAxes(x: "optimizer", y: "targetStd", facets: ["model"]))
    }

    @Test func fewerThanTwoVaryingDimensionsHaveNoDefault() throws {
        let g = try GridSpec.parse("name: u\naxes: { targetStd: [0.1, 1], momentum: [0.9] }\n", file: "u.yaml")
        #expect(g.defaultPhaseAxes == nil)
    }
}
