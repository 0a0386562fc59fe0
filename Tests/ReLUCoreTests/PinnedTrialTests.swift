import Testing
@testable import ReLUCore

/// Whole trials pinned to the numbers main's `relusweep train --json` printed before the kernel
/// work of issue 19 (commit 1c24f57, debug build, AVX2 kernels; the command lines are in each
/// case's `command`). Every metric below is a pure function of the config, so any change in the
/// arithmetic of any kernel variant, the optimizers or the training step (a reordered sum, a
/// fused multiply-add, an update applied too early) changes at least one of them. The cases
/// cover every model, every optimizer, widths 8 to 256, mini- and full batches, an early stop
/// after collapse and a divergence. Each runs under every kernel variant this CPU has.
@Suite(.serialized) struct PinnedTrialTests {
    struct Pinned: CustomStringConvertible, Sendable {
        var name: String
        var command: String
        var config: TrialConfig
        var trainMSE: Double?
        var testMSE: Double?
        var trainMSEInit: Double?
        var deadFraction: Double
        var deadUnits: Int
        var deathStep: Int?
        var stepsRun: Int
        var stopReason: TrialMetrics.StopReason
        var divergenceStep: Int?
        var description: String { name }
    }

    static func config(_ edit: (inout TrialConfig) -> Void) -> TrialConfig {
        var c = TrialConfig()
        edit(&c)
        return c
    }

    static let cases: [Pinned] = [
        Pinned(
            name: "W, 300 steps",
            command: "--model mlp --dataset teacher --width 64 --depth 4 --batch-size 64 --optimizer momentum --momentum 0.9 --lr 0.001 --steps 300 --seed 3",
            config: config { $0.width = 64; $0.depth = 4; $0.lr = 0.001; $0.steps = 300; $0.seed = 3 },
            trainMSE: 0.05650238670527724, testMSE: 0.08294691276995711, trainMSEInit: 1.6623159244132393,
            deadFraction: 0.02734375, deadUnits: 7, deathStep: nil, stepsRun: 300, stopReason: .completed,
            divergenceStep: nil),
        Pinned(
            name: "small, sgd",
            command: "--model mlp --dataset teacher --width 16 --depth 2 --optimizer sgd --lr 0.01 --steps 400 --seed 1",
            config: config { $0.width = 16; $0.depth = 2; $0.optimizer = .sgd; $0.lr = 0.01; $0.steps = 400; $0.seed = 1 },
            trainMSE: 0.06793582590541086, testMSE: 0.06412877609498814, trainMSEInit: 3.569318344586221,
            deadFraction: 0, deadUnits: 0, deathStep: nil, stepsRun: 400, stopReason: .completed, divergenceStep: nil),
        Pinned(
            name: "32 x 3, nesterov, batch 32",
            command: "--model mlp --dataset teacher --width 32 --depth 3 --batch-size 32 --optimizer nesterov --lr 0.003 --steps 300 --n-train 256 --n-test 128 --seed 2",
            config: config {
                $0.width = 32; $0.depth = 3; $0.batchSize = 32; $0.optimizer = .nesterov; $0.lr = 0.003
                $0.steps = 300; $0.nTrain = 256; $0.nTest = 128; $0.seed = 2
            },
            trainMSE: 0.021707298586792427, testMSE: 0.05482834347216323, trainMSEInit: 4.09316907359459,
            deadFraction: 0, deadUnits: 0, deathStep: nil, stepsRun: 300, stopReason: .completed, divergenceStep: nil),
        Pinned(
            name: "256 x 2, adam",
            command: "--model mlp --dataset teacher --width 256 --depth 2 --optimizer adam --lr 0.001 --steps 40 --n-train 256 --n-test 256 --seed 4",
            config: config {
                $0.width = 256; $0.depth = 2; $0.optimizer = .adam; $0.lr = 0.001; $0.steps = 40
                $0.nTrain = 256; $0.nTest = 256; $0.seed = 4
            },
            trainMSE: 0.1598157836594502, testMSE: 0.26031953074318726, trainMSEInit: 3.165263394049524,
            deadFraction: 0.015625, deadUnits: 8, deathStep: nil, stepsRun: 40, stopReason: .completed,
            divergenceStep: nil),
        Pinned(
            name: "resmlp 32 x 2, trace",
            command: "--model resmlp --dataset teacher --width 32 --depth 2 --optimizer momentum --lr 0.003 --steps 200 --seed 5 --trace",
            config: config {
                $0.model = .resmlp; $0.width = 32; $0.depth = 2; $0.lr = 0.003; $0.steps = 200; $0.seed = 5
                $0.trace = true
            },
            trainMSE: 0.09155796308220317, testMSE: 0.10758801759685642, trainMSEInit: 5.5439988757443945,
            deadFraction: 0, deadUnits: 0, deathStep: nil, stepsRun: 200, stopReason: .completed, divergenceStep: nil),
        Pinned(
            name: "20 x 2 (ragged tiles), full batch, sine1d",
            command: "--model mlp --dataset sine1d --width 20 --depth 2 --batch-size 0 --n-train 200 --n-test 100 --lr 0.01 --steps 200 --seed 6",
            config: config {
                $0.dataset = .sine1d; $0.width = 20; $0.depth = 2; $0.batchSize = 0; $0.nTrain = 200
                $0.nTest = 100; $0.lr = 0.01; $0.steps = 200; $0.seed = 6
            },
            trainMSE: 0.01229270542708325, testMSE: 0.011483494846078846, trainMSEInit: 1.6588056658973136,
            deadFraction: 0.05, deadUnits: 2, deathStep: nil, stepsRun: 200, stopReason: .completed, divergenceStep: nil),
        Pinned(
            name: "single, relu1d, trace",
            command: "--model single --dataset relu1d --batch-size 0 --lr 0.05 --steps 300 --seed 7 --trace",
            config: config {
                $0.model = .single; $0.dataset = .relu1d; $0.batchSize = 0; $0.lr = 0.05; $0.steps = 300; $0.seed = 7
                $0.trace = true
            },
            trainMSE: 3.37469958289129e-14, testMSE: 3.174255652198135e-14, trainMSEInit: 0.8393858985630163,
            deadFraction: 0, deadUnits: 0, deathStep: nil, stepsRun: 300, stopReason: .completed, divergenceStep: nil),
        Pinned(
            name: "8 x 4 collapses, early stop",
            command: "--model mlp --dataset relu1d --width 8 --depth 4 --batch-size 0 --n-train 128 --target-std 0.001 --lr 0.1 --steps 1500 --seed 1 --early-stop true",
            config: config {
                $0.dataset = .relu1d; $0.width = 8; $0.depth = 4; $0.batchSize = 0; $0.nTrain = 128
                $0.targetStd = 0.001; $0.lr = 0.1; $0.steps = 1500; $0.seed = 1; $0.earlyStop = true
            },
            trainMSE: 1.0000718330740204, testMSE: 1.4115634997705517, trainMSEInit: 492065.3672028588,
            deadFraction: 0.46875, deadUnits: 15, deathStep: 9, stepsRun: 195, stopReason: .collapsed,
            divergenceStep: nil),
        Pinned(
            name: "diverges at step 1",
            command: "--model mlp --width 16 --depth 2 --steps 200 --n-train 256 --n-test 128 --batch-size 32 --optimizer sgd --lr 1000000 --seed 0",
            config: config {
                $0.width = 16; $0.depth = 2; $0.steps = 200; $0.nTrain = 256; $0.nTest = 128; $0.batchSize = 32
                $0.optimizer = .sgd; $0.lr = 1_000_000; $0.seed = 0
            },
            trainMSE: 1.3674825806196854e+38, testMSE: 2.0857818282272655e+38, trainMSEInit: 12.01932340330891,
            deadFraction: 0.34375, deadUnits: 11, deathStep: nil, stepsRun: 1, stopReason: .diverged,
            divergenceStep: 1),
    ]

    @Test("trials match main's numbers exactly under every kernel variant", arguments: cases)
    func matchesMain(_ p: Pinned) throws {
        let original = Kernels.active
        defer { Kernels.select(original) }
        for v in Kernels.Variant.allCases where v.rawValue <= Kernels.best.rawValue {
            try #require(Kernels.select(v))
            let m = try Trainer().run(p.config)
            #expect(m.normalizedTrainMSE == p.trainMSE, "\(v)")
            #expect(m.normalizedTestMSE == p.testMSE, "\(v)")
            #expect(m.normalizedTrainMSEInit == p.trainMSEInit, "\(v)")
            #expect(m.deadFraction == p.deadFraction, "\(v)")
            #expect(m.deadUnits == p.deadUnits, "\(v)")
            #expect(m.deathStep == p.deathStep, "\(v)")
            #expect(m.stepsRun == p.stepsRun, "\(v)")
            #expect(m.stopReason == p.stopReason, "\(v)")
            #expect(m.divergenceStep == p.divergenceStep, "\(v)")
        }
    }
}
