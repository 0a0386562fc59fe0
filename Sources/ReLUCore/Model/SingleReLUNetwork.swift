/// The paper's single-ReLU model with an output bias: f(x) = max(0, w.x + b) + c.
/// Parameters: [w_0 ... w_{d-1}, b, c].
public final class SingleReLUNetwork: ReLUNetwork, SingleUnitNetwork {
    public let inputDim: Int
    public let capacity: Int
    public let parameters: FloatBuffer
    public let gradients: FloatBuffer
    public var parameterCount: Int { inputDim + 2 }
    public var unitsPerLayer: [Int] { [1] }
    private let hidden: FloatBuffer
    private let output: FloatBuffer
    private let dOut: FloatBuffer

    public init(inputDim: Int, capacity: Int) {
        self.inputDim = inputDim
        self.capacity = capacity
        parameters = FloatBuffer(count: inputDim + 2)
        gradients = FloatBuffer(count: inputDim + 2)
        hidden = FloatBuffer(count: capacity)
        output = FloatBuffer(count: capacity)
        dOut = FloatBuffer(count: capacity)
    }

    public func initialize(rng: inout DeterministicRNG) {
        let std = (2.0 / Double(inputDim)).squareRoot()
        for f in 0..<inputDim { parameters[f] = Float(rng.nextNormal() * std) }
        parameters[inputDim] = 0
        parameters[inputDim + 1] = 0
    }

    public var predictions: UnsafePointer<Float> { UnsafePointer(output.pointer) }

    public func forward(x: UnsafePointer<Float>, ldX: Int, n: Int) {
        let p = parameters.pointer
        let h = hidden.pointer
        let out = output.pointer
        let b = p[inputDim]
        let c = p[inputDim + 1]
        for j in 0..<n {
            var z = p[0] * x[j]
            for f in 1..<inputDim { z += p[f] * x[f * ldX + j] }
            z += b
            let a: Float = (0 > z) ? 0 : z  // MAXPS(0, z), as the kernels
            h[j] = a
            out[j] = a + c
        }
    }

    public func markAlive(n: Int, alive: inout [Bool]) {
        markAliveRows(hidden.pointer, units: 1, n: n, ld: n, offset: 0, alive: &alive)
    }

    public func lossAndGradient(x: UnsafePointer<Float>, ldX: Int, y: UnsafePointer<Float>, n: Int) -> Float {
        forward(x: x, ldX: ldX, n: n)
        let d = dOut.pointer
        let loss = mseResidual(predictions: predictions, y: y, n: n, into: d)
        let g = gradients.pointer
        let h = hidden.pointer
        var gb: Float = 0
        var gc: Float = 0
        for f in 0..<inputDim { g[f] = 0 }
        for j in 0..<n {
            gc += d[j]
            if h[j] > 0 {
                gb += d[j]
                for f in 0..<inputDim { g[f] += d[j] * x[f * ldX + j] }
            }
        }
        g[inputDim] = gb
        g[inputDim + 1] = gc
        return loss
    }

    public func frozenPrefix(deadLayers: [Bool]) -> Int? {
        deadLayers[0] ? inputDim + 1 : nil
    }

    /// (w, b) for trajectories.
    public var unitWeights: (w: [Double], b: Double) {
        ((0..<inputDim).map { Double(parameters[$0]) }, Double(parameters[inputDim]))
    }
}
