/// The `teacher` data set's target function: a fixed random ReLU network with two hidden layers
/// of 32 units, He-normal weights and N(0, 0.5^2) biases (biases keep it from being positively
/// homogeneous, so the function is not trivially scale-free). Evaluated in Double.
struct TeacherNetwork {
    static let width = 32
    let inputDim: Int
    private var layers: [(w: [Double], b: [Double], fanIn: Int, fanOut: Int)] = []

    init(inputDim: Int, rng: inout DeterministicRNG) {
        self.inputDim = inputDim
        var fanIn = inputDim
        for fanOut in [Self.width, Self.width, 1] {
            let std = (2.0 / Double(fanIn)).squareRoot()
            let w = (0..<(fanIn * fanOut)).map { _ in rng.nextNormal() * std }
            let b = (0..<fanOut).map { _ in fanOut == 1 ? 0 : rng.nextNormal() * 0.5 }
            layers.append((w, b, fanIn, fanOut))
            fanIn = fanOut
        }
    }

    func callAsFunction(_ x: ArraySlice<Double>) -> Double {
        var h = Array(x)
        for (index, layer) in layers.enumerated() {
            var out = layer.b
            for o in 0..<layer.fanOut {
                for i in 0..<layer.fanIn { out[o] += layer.w[o * layer.fanIn + i] * h[i] }
                if index < layers.count - 1 { out[o] = max(0, out[o]) }
            }
            h = out
        }
        return h[0]
    }

    func samples(count: Int, rng: inout DeterministicRNG) -> RawSamples {
        var s = RawSamples(inputDim: inputDim, x: [], y: [])
        s.x.reserveCapacity(count * inputDim)
        for i in 0..<count {
            for _ in 0..<inputDim { s.x.append(rng.nextNormal()) }
            s.y.append(self(s.x[(i * inputDim)..<((i + 1) * inputDim)]))
        }
        return s
    }
}
