/// `neuron`: one ReLU with an output weight and an output bias, f(x) = v max(0, w.x + b) + c.
/// Parameters: [w_0 ... w_{d-1}, b, v, c].
///
/// Unlike `single` (whose output weight is fixed at 1) this is the smallest network with two
/// layers of weights, so its loss has the product structure of deeper nets: a strict saddle at
/// w = 0, b > 0, v = 0, c = mean(y) (see ReLUTheory's `NeuronSurface`).
public final class NeuronReLUNetwork: ReLUNetwork, SingleUnitNetwork {
    public let inputDim: Int
    public let capacity: Int
    public let parameters: FloatBuffer
    public let gradients: FloatBuffer
    public var parameterCount: Int { inputDim + 3 }
    public var unitsPerLayer: [Int] { [1] }
    /// Multiplies v after its He draw (`outputInitScale`).
    public let outputInitScale: Float
    private let hidden: FloatBuffer
    private let output: FloatBuffer
    private let dOut: FloatBuffer

    public init(inputDim: Int, capacity: Int, outputInitScale: Float = 1) {
        precondition(inputDim >= 1)
        self.inputDim = inputDim
        self.capacity = capacity
        self.outputInitScale = outputInitScale
        parameters = FloatBuffer(count: inputDim + 3)
        gradients = FloatBuffer(count: inputDim + 3)
        hidden = FloatBuffer(count: capacity)
        output = FloatBuffer(count: capacity)
        dOut = FloatBuffer(count: capacity)
    }

    private var bIndex: Int { inputDim }
    private var vIndex: Int { inputDim + 1 }
    private var cIndex: Int { inputDim + 2 }

    /// He-normal for both weight layers: w ~ N(0, 2/d), then v ~ N(0, 2) (fan-in 1); b = c = 0.
    public func initialize(rng: inout DeterministicRNG) {
        let std = (2.0 / Double(inputDim)).squareRoot()
        for f in 0..<inputDim { parameters[f] = Float(rng.nextNormal() * std) }
        parameters[bIndex] = 0
        let v = Float(rng.nextNormal() * 2.0.squareRoot())
        parameters[vIndex] = outputInitScale == 1 ? v : v * outputInitScale
        parameters[cIndex] = 0
    }

    public var predictions: UnsafePointer<Float> { UnsafePointer(output.pointer) }

    public func forward(x: UnsafePointer<Float>, ldX: Int, n: Int) {
        precondition(n <= capacity)
        let p = parameters.pointer
        let h = hidden.pointer
        let out = output.pointer
        let b = p[bIndex], v = p[vIndex], c = p[cIndex]
        for j in 0..<n {
            var z = p[0] * x[j]
            for f in 1..<inputDim { z += p[f] * x[f * ldX + j] }
            z += b
            let a: Float = (0 > z) ? 0 : z  // MAXPS(0, z), as the kernels
            h[j] = a
            out[j] = v * a + c
        }
    }

    public func markAlive(n: Int, alive: inout [Bool]) {
        markAliveRows(hidden.pointer, units: 1, n: n, ld: n, offset: 0, alive: &alive)
    }

    /// dL/dv = sum d_j a_j; dL/dc = sum d_j; dL/d(w, b) = v sum_{a_j > 0} d_j [x_j; 1], with
    /// d_j = (2/n)(f_j - y_j).
    public func lossAndGradient(x: UnsafePointer<Float>, ldX: Int, y: UnsafePointer<Float>, n: Int) -> Float {
        forward(x: x, ldX: ldX, n: n)
        let d = dOut.pointer
        let loss = mseResidual(predictions: predictions, y: y, n: n, into: d)
        let g = gradients.pointer
        let h = hidden.pointer
        let v = parameters[vIndex]
        var gb: Float = 0, gv: Float = 0, gc: Float = 0
        for f in 0..<inputDim { g[f] = 0 }
        for j in 0..<n {
            gc += d[j]
            if h[j] > 0 {
                gv += d[j] * h[j]
                gb += d[j]
                for f in 0..<inputDim { g[f] += d[j] * x[f * ldX + j] }
            }
        }
        // The unit's gradient carries the output weight once, after the sums (as a GEMM would).
        for f in 0..<inputDim { g[f] *= v }
        g[bIndex] = gb * v
        g[vIndex] = gv
        g[cIndex] = gc
        return loss
    }

    /// A dead unit outputs 0 on every input: w, b and v all get zero gradient.
    public func frozenPrefix(deadLayers: [Bool]) -> Int? {
        deadLayers[0] ? inputDim + 2 : nil
    }

    public var unitWeights: (w: [Double], b: Double) {
        ((0..<inputDim).map { Double(parameters[$0]) }, Double(parameters[bIndex]))
    }
}
