/// `mlp`: `depth` hidden ReLU layers of `width` units and a linear output.
///
/// Layer l's parameters are one input-major block Wt_l [(in_l + 1) x out_l] (last row = bias),
/// stored layer after layer. Activations are feature-major [(width + 1) x n] with a ones row,
/// rows `paddedLeadingDimension(n)` apart.
public final class DenseReLUNetwork: ReLUNetwork {
    public let inputDim: Int
    public let width: Int
    public let depth: Int
    public let capacity: Int
    public let parameters: FloatBuffer
    public let gradients: FloatBuffer
    public var parameterCount: Int { parameters.count }
    public var unitsPerLayer: [Int] { Array(repeating: width, count: depth) }
    /// Multiplies the output layer's He-normal weights (`outputInitScale`).
    public let outputInitScale: Float

    /// Offset of layer l's block (l = depth is the output layer).
    private let offsets: [Int]
    private let activations: [FloatBuffer]  // depth x [(width + 1) x capacity]
    private let output: FloatBuffer
    private let dOut: FloatBuffer
    private var dZ: FloatBuffer
    private var dZNext: FloatBuffer
    private let dZT: FloatBuffer

    public init(inputDim: Int, width: Int, depth: Int, capacity: Int, outputInitScale: Float = 1) {
        precondition(depth >= 1 && width >= 1 && inputDim >= 1)
        self.outputInitScale = outputInitScale
        self.inputDim = inputDim
        self.width = width
        self.depth = depth
        self.capacity = capacity
        var offsets: [Int] = []
        var total = 0
        for l in 0...depth {
            offsets.append(total)
            let fanIn = l == 0 ? inputDim : width
            let fanOut = l == depth ? 1 : width
            total += (fanIn + 1) * fanOut
        }
        self.offsets = offsets
        parameters = FloatBuffer(count: total)
        gradients = FloatBuffer(count: total)
        activations = (0..<depth).map { _ in FloatBuffer(count: paddedBlockSize(rows: width + 1, capacity: capacity)) }
        output = FloatBuffer(count: capacity)
        dOut = FloatBuffer(count: capacity)
        dZ = FloatBuffer(count: paddedBlockSize(rows: width, capacity: capacity))
        dZNext = FloatBuffer(count: paddedBlockSize(rows: width, capacity: capacity))
        dZT = FloatBuffer(count: width * capacity)
    }

    private func fanIn(_ l: Int) -> Int { l == 0 ? inputDim : width }

    public func initialize(rng: inout DeterministicRNG) {
        for l in 0...depth {
            heInitialize(parameters.pointer + offsets[l], fanIn: fanIn(l), fanOut: l == depth ? 1 : width, rng: &rng)
        }
        scaleWeights(parameters.pointer + offsets[depth], fanIn: width, fanOut: 1, by: outputInitScale)
    }

    public var predictions: UnsafePointer<Float> { UnsafePointer(output.pointer) }

    public func forward(x: UnsafePointer<Float>, ldX: Int, n: Int) {
        precondition(n <= capacity)
        let ld = paddedLeadingDimension(n)
        var src = x
        var ldSrc = ldX
        for l in 0..<depth {
            let dst = activations[l].pointer
            Kernels.gemm(m: width, n: n, k: fanIn(l) + 1,
                         a: parameters.pointer + offsets[l], rsA: 1, csA: width,
                         b: src, ldB: ldSrc, c: dst, ldC: ld, epilogue: .relu)
            fillOnesRow(dst, row: width, n: n, ld: ld)
            src = UnsafePointer(dst)
            ldSrc = ld
        }
        Kernels.gemm(m: 1, n: n, k: width + 1, a: parameters.pointer + offsets[depth], rsA: 1, csA: 1,
                     b: src, ldB: ld, c: output.pointer, ldC: n)
    }

    public func markAlive(n: Int, alive: inout [Bool]) {
        for l in 0..<depth {
            markAliveRows(activations[l].pointer, units: width, n: n, ld: paddedLeadingDimension(n),
                          offset: l * width, alive: &alive)
        }
    }

    public func lossAndGradient(x: UnsafePointer<Float>, ldX: Int, y: UnsafePointer<Float>, n: Int) -> Float {
        forward(x: x, ldX: ldX, n: n)
        let d = dOut.pointer
        let loss = mseResidual(predictions: predictions, y: y, n: n, into: d)
        let p = parameters.pointer
        let g = gradients.pointer
        let last = activations[depth - 1].pointer
        let ld = paddedLeadingDimension(n)
        // Output layer: dWt_L = act_{L-1} . dOut (a GEMV), dZ = mask(act) * (w_L outer dOut).
        Kernels.gemv(m: width + 1, k: n, a: last, ldA: ld, x: d, y: g + offsets[depth])
        Kernels.gemm(m: width, n: n, k: 1, a: p + offsets[depth], rsA: 1, csA: 1, b: d, ldB: n,
                     c: dZ.pointer, ldC: ld, epilogue: .mask, mask: last, ldMask: ld)
        for l in stride(from: depth - 1, through: 0, by: -1) {
            let input: UnsafePointer<Float> = l == 0 ? x : UnsafePointer(activations[l - 1].pointer)
            let ldInput = l == 0 ? ldX : ld
            // dWt_l [(in+1) x width] = input_aug [(in+1) x n] . dZ^T [n x width]
            Kernels.transpose(rows: width, cols: n, src: dZ.pointer, ldSrc: ld, dst: dZT.pointer, ldDst: width)
            Kernels.gemm(m: fanIn(l) + 1, n: width, k: n, a: input, rsA: ldInput, csA: 1,
                         b: dZT.pointer, ldB: width, c: g + offsets[l], ldC: width)
            if l > 0 {
                // dZ_{l-1} = mask(act_{l-1}) * (W_l^T dZ_l); W_l^T(i, o) = Wt_l[i][o].
                Kernels.gemm(m: width, n: n, k: width, a: p + offsets[l], rsA: width, csA: 1,
                             b: dZ.pointer, ldB: ld, c: dZNext.pointer, ldC: ld,
                             epilogue: .mask, mask: input, ldMask: ld)
                swap(&dZ, &dZNext)
            }
        }
        return loss
    }

    public func frozenPrefix(deadLayers: [Bool]) -> Int? {
        // The deepest fully dead layer cuts the graph: it and everything before it get zero
        // gradient while it stays dead.
        guard let l = deadLayers.lastIndex(of: true) else { return nil }
        return offsets[l + 1]
    }
}
