import Foundation
import ReLUCore
import Testing
@testable import SweepModel

/// The `adaptive` block of grid files (issue 14): parsed, defaulted, validated with errors at
/// their key paths, and written back by jsonText(); grids without it behave as before.
@Suite struct GridAdaptiveTests {
    static let p2 = """
        name: p2-adaptive
        base: { model: single, dataset: relu1d, optimizer: momentum, lr: 0.05, steps: 3000, batchSize: 0 }
        axes:
          targetStd: logspace(-4, 1, 6)
          momentum: [0, 0.245, 0.49, 0.735, 0.98]
        adaptive:
          metric: collapsed
          seeds: {min: 16, max: 400, halfWidth: 0.05}
          level: 0.75
          refine: {axes: [targetStd, momentum], rounds: 3}
        """

    func error(_ text: String, overrides: [String] = [], limits: GridLimits = .default) -> GridError? {
        do {
            let o = try overrides.map { s throws(GridError) in try GridOverride(parsing: s) }
            _ = try GridSpec.parse(text, file: "bad.yaml", overrides: o, limits: limits).trials()
            return nil
        } catch {
            return error
        }
    }

    func expectError(_ text: String, path: String, mentions: [String], overrides: [String] = [], limits: GridLimits = .default,
                     sourceLocation: SourceLocation = #_sourceLocation) {
        guard let e = error(text, overrides: overrides, limits: limits) else {
            Issue.record("accepted: \(text)", sourceLocation: sourceLocation)
            return
        }
        #expect(e.keyPath == path, "\(e)", sourceLocation: sourceLocation)
        for m in mentions {
            #expect(e.description.contains(m), "\(e) should mention \(m)", sourceLocation: sourceLocation)
        }
    }

    /// A grid with `block` as its adaptive block.
    func grid(_ block: String, axes: String = "{ targetStd: [1e-3, 1e-2, 1e-1], momentum: [0, 0.5, 0.9] }") -> String {
        "name: x\naxes: \(axes)\nadaptive:\n" + block.split(separator: "\n").map { "  " + $0 }.joined(separator: "\n") + "\n"
    }

    @Test func theBlockIsReadWithItsValues() throws {
        let g = try GridSpec.parse(Self.p2, file: "p2.yaml")
        let a = try #require(g.adaptive)
        #expect(a.metric == .collapsed)
        #expect(a.minSeeds == 16 && a.maxSeeds == 400 && a.halfWidth == 0.05)
        #expect(a.level == 0.75)
        #expect(a.refine == AdaptiveSpec.Refine(axes: [.targetStd, .momentum], rounds: 3, rule: .level))
        // The grid's own trials are every cell's first batch: seeds 0..<16.
        #expect(g.seeds == .count(16))
        #expect(g.trialCount == 6 * 5 * 16)
        let trials = try g.trials()
        #expect(trials.count == 480)
        #expect(Set(trials.map(\.config.seed)) == Set(0..<16))
    }

    @Test func defaultsFillWhatIsLeftOut() throws {
        let g = try GridSpec.parse(grid("level: 0.5"), file: "d.yaml")
        let a = try #require(g.adaptive)
        #expect(a.metric == .collapsed && a.minSeeds == 16 && a.maxSeeds == 400 && a.halfWidth == 0.05 && a.refine == nil)
        let r = try #require(try GridSpec.parse(grid("level: 0.5\nrefine: {axes: [momentum]}"), file: "d.yaml").adaptive?.refine)
        #expect(r.rounds == 3 && r.rule == .level)
        let diff = try #require(try GridSpec.parse(grid("refine: {axes: [momentum], rule: difference}"), file: "d.yaml").adaptive?.refine)
        #expect(diff.rule == .difference)
        // `adaptive: null` is no block.
        #expect(try GridSpec.parse("name: x\nadaptive: ~\nseeds: 3\n", file: "n.yaml").adaptive == nil)
    }

    @Test func metricsParseAndPrintBack() throws {
        for (text, metric) in [("collapsed", AdaptiveMetric.collapsed), ("diverged", .diverged),
                               ("deadFraction>=0.5", .deadFraction(.atLeast, 0.5)), ("deadFraction > 0", .deadFraction(.above, 0)),
                               ("deadFraction<=1", .deadFraction(.atMost, 1)), ("deadFraction<0.25", .deadFraction(.below, 0.25))] {
            let g = try GridSpec.parse(grid("metric: \"\(text)\""), file: "m.yaml")
            #expect(g.adaptive?.metric == metric, "\(text)")
            #expect(try GridSpec.parse(grid("metric: \"\(metric.description)\""), file: "m.yaml").adaptive?.metric == metric)
        }
        var m = TrialMetrics(deadFraction: 0.5, deadFractionInit: 0, deadFractionPerLayer: [], deadFractionPerLayerInit: [], deadUnits: 1,
                             totalUnits: 2, collapsed: true, collapsedInit: false, deathStep: nil, normalizedTrainMSE: nil,
                             normalizedTestMSE: nil, normalizedTrainMSEInit: nil, diverged: false, divergenceStep: nil,
                             stopReason: .completed, stepsRun: 1, skippedSteps: 0, parameterCount: 3, wallSeconds: 0,
                             stepsPerSecond: 0, trace: nil, trajectory: nil)
        #expect(AdaptiveMetric.collapsed.outcome(m) && !AdaptiveMetric.diverged.outcome(m))
        #expect(AdaptiveMetric.deadFraction(.atLeast, 0.5).outcome(m) && !AdaptiveMetric.deadFraction(.above, 0.5).outcome(m))
        #expect(AdaptiveMetric.deadFraction(.atMost, 0.5).outcome(m) && !AdaptiveMetric.deadFraction(.below, 0.5).outcome(m))
        m.collapsed = false
        #expect(!AdaptiveMetric.collapsed.outcome(m))
    }

    @Test func jsonTextRoundTripsTheBlock() throws {
        for text in [Self.p2, grid("metric: deadFraction<=0.25\nseeds: {min: 8, max: 100, halfWidth: 0.1}\nrefine: {axes: [momentum], rounds: 0, rule: difference}"),
                     grid("seeds: {max: 30}")] {
            let g = try GridSpec.parse(text, file: "rt.yaml")
            let json = g.jsonText()
            #expect(!json.contains("\"seeds\":16"), "an adaptive grid writes no seeds key: \(json)")
            let again = try GridSpec.parse(json, file: "request body", format: .json)
            #expect(again == g)
            #expect(again.adaptive == g.adaptive)
            #expect(try again.trials().map(\.id) == g.trials().map(\.id))
        }
        let p2 = try GridSpec.parse(Self.p2, file: "p2.yaml").jsonText()
        #expect(p2.hasSuffix(#","adaptive":{"metric":"collapsed","seeds":{"min":16,"max":400,"halfWidth":0.05},"level":0.75,"refine":{"axes":["targetStd","momentum"],"rounds":3,"rule":"level"}}}"#), "\(p2)")
    }

    @Test func aGridWithoutTheBlockIsUnchanged() throws {
        let plain = "name: p\nbase: { model: single }\naxes: { targetStd: [1e-3, 1e-2], momentum: [0, 0.9] }\nseeds: 3\n"
        let g = try GridSpec.parse(plain, file: "p.yaml")
        #expect(g.adaptive == nil)
        #expect(g.jsonText() == #"{"name":"p","base":{"model":"single"},"axes":{"targetStd":[0.001,0.01],"momentum":[0,0.9]},"seeds":3}"#)
        // Ids fixed before the adaptive block existed (the same as GridExpansionTests pins).
        #expect(try g.trials().count == 12)
        // The first batch of an adaptive grid is the plain grid with seeds = min: same ids.
        let adaptive = try GridSpec.parse(plain.replacingOccurrences(of: "seeds: 3\n", with: "adaptive: { seeds: { min: 3 } }\n"), file: "a.yaml")
        #expect(try adaptive.trials().map(\.id) == g.trials().map(\.id))
    }

    @Test func overridesKeepTheBlockAndRecheckIt() throws {
        let g = try GridSpec.parse(Self.p2, file: "p2.yaml")
        let narrower = try g.applying([GridOverride(parsing: "momentum=0,0.5,0.9")])
        #expect(narrower.adaptive == g.adaptive)
        #expect(narrower.trialCount == 6 * 3 * 16)
        expectError(Self.p2, path: "seeds", mentions: ["-s seeds=10", "adaptive.seeds", "remove seeds"], overrides: ["seeds=10"])
        // A refined axis overridden to one value cannot be refined.
        expectError(Self.p2, path: "adaptive.refine.axes[1]", mentions: ["momentum", "at least two"], overrides: ["momentum=0.5"])
    }

    @Test func errorsNameTheKeyAndWhatIsAllowed() {
        expectError(grid("metric: dead"), path: "adaptive.metric", mentions: ["collapsed, diverged", "deadFraction>=0.5", "'dead'"])
        expectError(grid("metric: deadFraction"), path: "adaptive.metric", mentions: ["needs a comparison"])
        expectError(grid("metric: deadFraction>=1.5"), path: "adaptive.metric", mentions: ["[0, 1]"])
        expectError(grid("metric: deadFraction>=half"), path: "adaptive.metric", mentions: ["threshold"])
        expectError(grid("metric: [collapsed]"), path: "adaptive.metric", mentions: ["a list"])
        expectError(grid("level: 1"), path: "adaptive.level", mentions: ["(0, 1)"])
        expectError(grid("level: 0"), path: "adaptive.level", mentions: ["(0, 1)"])
        expectError(grid("level: high"), path: "adaptive.level", mentions: ["number"])
        expectError(grid("level: '0.5'"), path: "adaptive.level", mentions: ["number"])
        expectError(grid("seeds: {min: 0}"), path: "adaptive.seeds.min", mentions: ["at least 1"])
        expectError(grid("seeds: {min: 2.5}"), path: "adaptive.seeds.min", mentions: ["integer"])
        expectError(grid("seeds: {max: 20000}"), path: "adaptive.seeds.max", mentions: ["1 to 10000"])
        expectError(grid("seeds: {min: 50, max: 20}"), path: "adaptive.seeds.max", mentions: ["seeds.min (50)", "seeds.max (20)"])
        expectError(grid("seeds: {min: 500}"), path: "adaptive.seeds.min", mentions: ["400, the default"])
        expectError(grid("seeds: {halfWidth: 0.5}"), path: "adaptive.seeds.halfWidth", mentions: ["(0, 0.5)"])
        expectError(grid("seeds: {halfWidth: 0}"), path: "adaptive.seeds.halfWidth", mentions: ["(0, 0.5)"])
        expectError(grid("seeds: {minimum: 3}"), path: "adaptive.seeds.minimum", mentions: ["unknown key", "min, max, halfWidth"])
        expectError(grid("seeds: 16"), path: "adaptive.seeds", mentions: ["{min: 16, max: 400, halfWidth: 0.05}"])
        expectError(grid("levels: 0.5"), path: "adaptive.levels", mentions: ["unknown key", "metric, seeds, level, refine"])
        expectError("name: x\nadaptive: [1]\n", path: "adaptive", mentions: ["expected a mapping"])
        expectError("name: x\nrefine: {axes: [lr]}\n", path: "refine", mentions: ["adaptive.refine"])
    }

    @Test func refineErrors() {
        expectError(grid("level: 0.5\nrefine: {axes: [lr]}"), path: "adaptive.refine.axes[0]", mentions: ["'lr' is not an axis", "targetStd, momentum"])
        expectError(grid("level: 0.5\nrefine: {axes: [learningRate]}"), path: "adaptive.refine.axes[0]", mentions: ["unknown config key"])
        expectError(grid("level: 0.5\nrefine: {axes: [momentum, momentum]}"), path: "adaptive.refine.axes[1]", mentions: ["twice"])
        expectError(grid("level: 0.5\nrefine: {axes: []}"), path: "adaptive.refine", mentions: ["needs axes"])
        expectError(grid("level: 0.5\nrefine: {rounds: 2}"), path: "adaptive.refine", mentions: ["needs axes"])
        expectError(grid("level: 0.5\nrefine: {axes: [momentum], rounds: 9}"), path: "adaptive.refine.rounds", mentions: ["0 to 8"])
        expectError(grid("level: 0.5\nrefine: {axes: [momentum], rounds: -1}"), path: "adaptive.refine.rounds", mentions: ["0 to 8"])
        expectError(grid("level: 0.5\nrefine: {axes: [momentum], rule: steep}"), path: "adaptive.refine.rule", mentions: ["level, difference"])
        expectError(grid("refine: {axes: [momentum]}"), path: "adaptive.refine", mentions: ["needs adaptive.level", "rule: difference"])
        expectError(grid("refine: {axes: [momentum], rule: level}"), path: "adaptive.refine.rule", mentions: ["needs adaptive.level"])
        // Integer and name axes have no midpoints.
        expectError(grid("level: 0.5\nrefine: {axes: [width]}", axes: "{ width: [8, 16], momentum: [0, 0.5] }"),
                    path: "adaptive.refine.axes[0]", mentions: ["'width' takes an integer", "real-valued"])
        expectError(grid("level: 0.5\nrefine: {axes: [optimizer]}", axes: "{ optimizer: [sgd, adam], momentum: [0, 0.5] }"),
                    path: "adaptive.refine.axes[0]", mentions: ["'optimizer' takes one of"])
        expectError(grid("level: 0.5\nrefine: {axes: [lr]}", axes: "{ lr: [0.1, 0.2], optimizer: [sgd, adam] }\nzip: [[lr, optimizer]]"),
                    path: "adaptive.refine.axes[0]", mentions: ["zipped"])
    }

    @Test func seedsAreTheBlocksAlone() {
        expectError("name: x\naxes: { momentum: [0, 0.5] }\nseeds: 10\nadaptive: { level: 0.5 }\n", path: "seeds", mentions: ["adaptive.seeds", "remove seeds"])
        expectError("name: x\nbase: { seed: 3 }\nadaptive: { level: 0.5 }\n", path: "adaptive", mentions: ["'seed'"])
        expectError("name: x\naxes: { seed: [1, 2] }\nadaptive: { level: 0.5 }\n", path: "adaptive", mentions: ["'seed'"])
    }

    @Test func theMostTrialsAreBoundedByTheLimit() {
        // 6 x 5 values after 8 rounds: 1281 x 1025 cells x 400 seeds.
        expectError(Self.p2.replacingOccurrences(of: "rounds: 3", with: "rounds: 8"), path: "adaptive",
                    mentions: ["more than 1000000 trials", "1281 targetStd after 8 rounds x 1025 momentum after 8 rounds x 400 seeds", "lower refine.rounds"])
        // 41 x 33 x 400 = 541,200: accepted by default, refused under a lower limit.
        #expect(error(Self.p2) == nil)
        expectError(Self.p2, path: "adaptive", mentions: ["more than 500000"], limits: GridLimits(maxTrials: 500_000))
    }
}
