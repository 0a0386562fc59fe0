import Foundation
import Testing
@testable import ReLUCore

struct DatasetTests {
    static func mean(_ v: [Float]) -> Double { v.reduce(0) { $0 + Double($1) } / Double(v.count) }
    static func variance(_ v: [Float]) -> Double {
        let m = mean(v)
        return v.reduce(0) { $0 + (Double($1) - m) * (Double($1) - m) } / Double(v.count)
    }

    @Test("targets are standardized, then scaled to targetStd and shifted by targetMean",
          arguments: [DatasetSpec.teacher, .sine1d, .relu1d, .zigzag1d], [1e-4, 1.0, 10.0])
    func targetScaling(dataset: DatasetSpec, sigma: Double) throws {
        var c = TrialConfig()
        c.dataset = dataset
        c.targetStd = sigma
        let data = try Dataset.make(for: c)
        let meanError: Double = abs(Self.mean(data.yTrain))
        let stdRatio: Double = Self.variance(data.yTrain).squareRoot() / sigma
        #expect(meanError < 1e-6 * sigma)
        #expect(abs(stdRatio - 1) < 1e-5)
        #expect(data.trainCount == 1024 && data.testCount == 1024)
        // A shift keeps the spread (targets are Float: resolution ulp(targetMean), so sigma 1).
        c.targetStd = 1
        c.targetMean = 3
        let shifted = try Dataset.make(for: c)
        #expect(abs(Self.mean(shifted.yTrain) - 3) < 1e-5)
        #expect(abs(Self.variance(shifted.yTrain) - 1) < 1e-4)
    }

    @Test("inputs are standardized per feature on the train split")
    func inputStandardization() throws {
        var c = TrialConfig()
        c.inputDim = 3
        let data = try Dataset.make(for: c)
        for f in 0..<3 {
            let column = Array(data.xTrain[(f * 1024)..<((f + 1) * 1024)])
            #expect(abs(Self.mean(column)) < 1e-6)
            #expect(abs(Self.variance(column) - 1) < 1e-5)
        }
    }

    @Test("the data depend on seed (or dataSeed) only")
    func seeds() throws {
        var c = TrialConfig()
        let a = try Dataset.make(for: c)
        c.lr = 0.5  // not a data key
        #expect(try Dataset.make(for: c).yTrain == a.yTrain)
        c.seed = 1
        #expect(try Dataset.make(for: c).yTrain != a.yTrain)
        c.dataSeed = 0
        #expect(try Dataset.make(for: c).yTrain == a.yTrain)
    }

    @Test func relu1dTargets() throws {
        var c = TrialConfig()
        c.dataset = .relu1d
        c.nTrain = 64
        let data = try Dataset.make(for: c)
        // Standardization is affine, so the target stays an increasing function of x, flat for x < 0.
        let pairs = zip(data.xTrain, data.yTrain).sorted { $0.0 < $1.0 }
        for (a, b) in zip(pairs, pairs.dropFirst()) { #expect(b.1 >= a.1 - 1e-6) }
        let negatives = Set(pairs.filter { $0.0 < pairs.map(\.0).min()! + 0.1 }.map(\.1))
        #expect(negatives.count == 1)
    }

    @Test("zigzag1d: slopes +1, -1, +1 with hinges at x = 0 and 1/2")
    func zigzag1dTargets() throws {
        #expect([-1, 0, 0.25, 0.5, 1].map(Dataset.zigzag) == [-1, 0, -0.25, -0.5, 0])
        var c = TrialConfig()
        c.dataset = .zigzag1d
        c.nTrain = 512
        #expect(DatasetSpec("zigzag1d") == .zigzag1d && DatasetSpec.zigzag1d.description == "zigzag1d")
        let data = try Dataset.make(for: c)
        // Standardization is affine in x and in y, so between consecutive sorted points the slope
        // is +k or -k for one k, and its sign runs +, -, + (a pair straddling a hinge is mixed).
        let pairs = zip(data.xTrain.map(Double.init), data.yTrain.map(Double.init)).sorted { $0.0 < $1.0 }
        var slopes: [Double] = []
        for (a, b) in zip(pairs, pairs.dropFirst()) where b.0 - a.0 > 1e-3 { slopes.append((b.1 - a.1) / (b.0 - a.0)) }
        let k = slopes.map(abs).sorted()[slopes.count / 2]
        let pure = slopes.filter { abs(abs($0) - k) < 1e-2 * k }
        #expect(pure.count >= slopes.count - 4)
        var runs: [Bool] = []
        for s in pure where runs.last != (s > 0) { runs.append(s > 0) }
        #expect(runs == [true, false, true])
        // The middle (falling) stretch covers x in (0, 1/2): a quarter of U[-1, 1].
        let falling = Double(pure.filter { $0 < 0 }.count) / Double(pure.count)
        #expect(abs(falling - 0.25) < 0.06)
    }

    @Test("the shipped diabetes set loads: 442 rows, 10 inputs, split 354/88")
    func diabetes() throws {
        var c = TrialConfig()
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../grids/data/diabetes.csv").standardized.path
        c.dataset = .csv(path: path)
        let data = try Dataset.make(for: c)
        #expect(data.inputDim == 10)
        #expect(data.trainCount == 354 && data.testCount == 88)
        c.inputDim = 3
        #expect(throws: DatasetError.self) { try Dataset.make(for: c) }
    }

    @Test("CSV errors name the file and line")
    func csvErrors() {
        #expect(throws: DatasetError("t.csv:3: non-numeric field in a data row")) {
            try CSVTable.parse("a,b\n1,2\n3,x\n", name: "t.csv")
        }
        #expect(throws: DatasetError("t.csv:3: 3 fields, expected 2")) {
            try CSVTable.parse("1,2\n3,4\n5,6,7\n", name: "t.csv")
        }
        #expect(throws: DatasetError("t.csv: needs at least 2 columns (inputs..., target)")) {
            try CSVTable.parse("1\n2\n", name: "t.csv")
        }
        #expect(throws: DatasetError("t.csv:2: NaN or infinite value")) {
            try CSVTable.parse("1,2\nnan,4\n", name: "t.csv")
        }
    }

    @Test func oneDimensionalSetsRejectOtherDims() {
        var c = TrialConfig()
        c.dataset = .sine1d
        c.inputDim = 2
        #expect(throws: DatasetError.self) { try Dataset.make(for: c) }
    }
}
