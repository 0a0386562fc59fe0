/// A regression data set ready for training: inputs standardized, targets standardized then
/// scaled to targetStd and shifted by targetMean (train-split statistics for both splits).
/// Inputs are stored feature-major ([inputDim][n]) because the kernels stream over samples.
public struct Dataset: Sendable {
    public let inputDim: Int
    public let trainCount: Int
    public let testCount: Int
    /// Feature-major train inputs: xTrain[f * trainCount + i].
    public let xTrain: [Float]
    public let yTrain: [Float]
    public let xTest: [Float]
    public let yTest: [Float]

    public init(inputDim: Int, xTrain: [Float], yTrain: [Float], xTest: [Float], yTest: [Float]) {
        precondition(xTrain.count == inputDim * yTrain.count && xTest.count == inputDim * yTest.count)
        self.inputDim = inputDim
        self.trainCount = yTrain.count
        self.testCount = yTest.count
        self.xTrain = xTrain
        self.yTrain = yTrain
        self.xTest = xTest
        self.yTest = yTest
    }
}

/// Why a data set could not be made.
public struct DatasetError: Error, Equatable, Sendable, CustomStringConvertible {
    public let message: String
    /// The `DataAccess` policy refused the path: every worker with the same data directories
    /// would refuse it too, so the trial is not worth retrying (a configuration failure).
    public let isRefusal: Bool

    public init(_ message: String, refusal: Bool = false) {
        self.message = message
        self.isRefusal = refusal
    }

    public var description: String { message }
}

/// Raw samples, sample-major and in Double, before standardization.
struct RawSamples {
    var inputDim: Int
    var x: [Double]  // x[i * inputDim + f]
    var y: [Double]
    var count: Int { y.count }
}

extension Dataset {
    /// Builds the trial's data set. Pure function of (config, seed); reads the file for csv,
    /// where `access` allows (relative to the current directory, any file, by default).
    public static func make(for config: TrialConfig, access: DataAccess = .workingDirectory) throws(DatasetError) -> Dataset {
        let seed = UInt64(config.dataSeed ?? config.seed)
        var rng = DeterministicRNG(seed: seed, stream: .data)
        let train: RawSamples
        let test: RawSamples
        switch config.dataset {
        case .teacher:
            let d = config.inputDim ?? 4
            var teacherRNG = DeterministicRNG(seed: seed, stream: .teacher)
            let teacher = TeacherNetwork(inputDim: d, rng: &teacherRNG)
            train = teacher.samples(count: config.nTrain, rng: &rng)
            test = teacher.samples(count: config.nTest, rng: &rng)
        case .sine1d:
            try requireOneDimensional(config)
            train = oneDimensional(count: config.nTrain, rng: &rng) { DeterministicMath.sin(3 * $0) + 0.3 * $0 }
            test = oneDimensional(count: config.nTest, rng: &rng) { DeterministicMath.sin(3 * $0) + 0.3 * $0 }
        case .relu1d:
            try requireOneDimensional(config)
            train = oneDimensional(count: config.nTrain, rng: &rng) { max(0, $0) }
            test = oneDimensional(count: config.nTest, rng: &rng) { max(0, $0) }
        case .zigzag1d:
            try requireOneDimensional(config)
            train = oneDimensional(count: config.nTrain, rng: &rng, zigzag)
            test = oneDimensional(count: config.nTest, rng: &rng, zigzag)
        case .csv(let path):
            let table = try CSVTable.load(path: path, access: access)
            if let d = config.inputDim, d != table.inputDim {
                throw DatasetError("inputDim \(d) does not match \(path), which has \(table.inputDim) input columns")
            }
            (train, test) = table.split(nTrain: config.nTrain, nTest: config.nTest, rng: &rng)
        }
        return standardized(train: train, test: test, targetStd: config.targetStd, targetMean: config.targetMean)
    }

    /// The `zigzag1d` target: slopes +1, -1, +1 with hinges at 0 and 1/2.
    static func zigzag(_ x: Double) -> Double {
        x - 2 * max(0, x) + 2 * max(0, x - 0.5)
    }

    private static func requireOneDimensional(_ config: TrialConfig) throws(DatasetError) {
        if let d = config.inputDim, d != 1 {
            throw DatasetError("dataset \(config.dataset) is one-dimensional; inputDim must be 1 or unset, got \(d)")
        }
    }

    private static func oneDimensional(count: Int, rng: inout DeterministicRNG, _ f: (Double) -> Double) -> RawSamples {
        var s = RawSamples(inputDim: 1, x: [], y: [])
        s.x.reserveCapacity(count)
        s.y.reserveCapacity(count)
        for _ in 0..<count {
            let x = rng.nextUniform(-1, 1)
            s.x.append(x)
            s.y.append(f(x))
        }
        return s
    }

    /// Standardizes inputs (per feature) and targets with train statistics, then scales targets.
    static func standardized(train: RawSamples, test: RawSamples, targetStd: Double, targetMean: Double) -> Dataset {
        let d = train.inputDim
        let n = train.count
        func featureMajor(_ s: RawSamples, mean: [Double], scale: [Double]) -> [Float] {
            var out = [Float](repeating: 0, count: d * s.count)
            for i in 0..<s.count {
                for f in 0..<d {
                    out[f * s.count + i] = Float((s.x[i * d + f] - mean[f]) * scale[f])
                }
            }
            return out
        }
        var mean = [Double](repeating: 0, count: d)
        var scale = [Double](repeating: 1, count: d)
        for f in 0..<d {
            var m = 0.0
            for i in 0..<n { m += train.x[i * d + f] }
            m /= Double(n)
            var v = 0.0
            for i in 0..<n { v += (train.x[i * d + f] - m) * (train.x[i * d + f] - m) }
            v /= Double(n)
            mean[f] = m
            // A constant feature stays centered at zero instead of dividing by zero.
            scale[f] = v > 0 ? 1 / v.squareRoot() : 1
        }
        let yStats = TargetScaling(targets: train.y, targetStd: targetStd, targetMean: targetMean)
        return Dataset(
            inputDim: d,
            xTrain: featureMajor(train, mean: mean, scale: scale),
            yTrain: train.y.map { Float(yStats.apply($0)) },
            xTest: featureMajor(test, mean: mean, scale: scale),
            yTest: test.y.map { Float(yStats.apply($0)) })
    }
}
