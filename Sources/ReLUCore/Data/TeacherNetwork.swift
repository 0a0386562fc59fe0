/// The `teacher` data set's target function: a fixed random ReLU network with two hidden layers
/// of 32 units, He-normal weights and N(0, 0.5^2) biases (biases keep it from being positively
/// homogeneous, so the function is not trivially scale-free). Evaluated in Double.
struct TeacherNetwork {
    static let width = 32
    let inputDim: Int
    /// Per layer: weights input-major [fanIn x fanOut] (drawn output-major, then transposed so
    /// the evaluation loop runs over independent outputs), then biases.
    private var weights: [[Double]] = []
    private var biases: [[Double]] = []
    private var fans: [(fanIn: Int, fanOut: Int)] = []

    init(inputDim: Int, rng: inout DeterministicRNG) {
        self.inputDim = inputDim
        var fanIn = inputDim
        for fanOut in [Self.width, Self.width, 1] {
            let std = (2.0 / Double(fanIn)).squareRoot()
            let drawn = (0..<(fanIn * fanOut)).map { _ in rng.nextNormal() * std }  // [fanOut x fanIn]
            weights.append((0..<(fanIn * fanOut)).map { k in drawn[(k % fanOut) * fanIn + k / fanOut] })
            biases.append((0..<fanOut).map { _ in fanOut == 1 ? 0 : rng.nextNormal() * 0.5 })
            fans.append((fanIn, fanOut))
            fanIn = fanOut
        }
    }

    /// Samples x ~ N(0, I) and their targets. Evaluated with two scratch vectors, no allocation
    /// per sample (data generation is a visible share of a small trial).
    func samples(count: Int, rng: inout DeterministicRNG) -> RawSamples {
        var s = RawSamples(inputDim: inputDim, x: [], y: [])
        s.x.reserveCapacity(count * inputDim)
        s.y.reserveCapacity(count)
        let scratch = UnsafeMutablePointer<Double>.allocate(capacity: 2 * max(inputDim, Self.width))
        defer { scratch.deallocate() }
        var a = scratch
        var b = scratch + max(inputDim, Self.width)
        for _ in 0..<count {
            for f in 0..<inputDim {
                let v = rng.nextNormal()
                s.x.append(v)
                a[f] = v
            }
            for l in fans.indices {
                let (fanIn, fanOut) = fans[l]
                // z[o] = bias[o] + sum_i w[i][o] a[i], each sum in i order.
                biases[l].withUnsafeBufferPointer { b.update(from: $0.baseAddress!, count: fanOut) }
                weights[l].withUnsafeBufferPointer { w in
                    for i in 0..<fanIn {
                        let ai = a[i]
                        let row = w.baseAddress! + i * fanOut
                        for o in 0..<fanOut { b[o] += row[o] * ai }
                    }
                }
                if l < fans.count - 1 {
                    for o in 0..<fanOut { b[o] = max(0, b[o]) }
                }
                swap(&a, &b)
            }
            s.y.append(a[0])
        }
        return s
    }
}
