/// Feature-major inputs with the ones row the networks expect ([(inputDim + 1) x n]).
struct AugmentedInputs {
    let inputDim: Int
    let count: Int
    let buffer: FloatBuffer

    /// Copies `x` (feature-major [inputDim x count]) and appends the ones row.
    init(x: [Float], inputDim: Int, count: Int) {
        self.inputDim = inputDim
        self.count = count
        buffer = FloatBuffer(count: (inputDim + 1) * max(count, 1), value: 1)
        x.withUnsafeBufferPointer { buffer.pointer.update(from: $0.baseAddress!, count: inputDim * count) }
    }

    var pointer: UnsafePointer<Float> { UnsafePointer(buffer.pointer) }
}

/// Mini-batches drawn without replacement: a fresh seeded permutation per epoch, consecutive
/// chunks of it (the last chunk of an epoch may be smaller), gathered into one buffer.
struct BatchSampler {
    let batchSize: Int
    private var order: [Int]
    private var position: Int
    private var rng: DeterministicRNG
    let x: FloatBuffer  // [(inputDim + 1) x batchSize]
    let y: FloatBuffer

    init(count: Int, batchSize: Int, inputDim: Int, rng: DeterministicRNG) {
        self.batchSize = batchSize
        order = Array(0..<count)
        position = count
        self.rng = rng
        x = FloatBuffer(count: (inputDim + 1) * batchSize, value: 1)
        y = FloatBuffer(count: batchSize)
    }

    /// Gathers the next batch; returns its size. The ones row is rewritten for this size.
    mutating func next(from inputs: AugmentedInputs, targets: UnsafePointer<Float>) -> Int {
        if position >= order.count {
            rng.shuffle(&order)
            position = 0
        }
        let n = min(batchSize, order.count - position)
        let src = inputs.pointer
        let dst = x.pointer
        let total = inputs.count
        order.withUnsafeBufferPointer { idx in
            let chunk = idx.baseAddress! + position
            for f in 0..<inputs.inputDim {
                let row = src + f * total
                let out = dst + f * n
                for j in 0..<n { out[j] = row[chunk[j]] }
            }
            for j in 0..<n { y.pointer[j] = targets[chunk[j]] }
        }
        (dst + inputs.inputDim * n).update(repeating: 1, count: n)
        position += n
        return n
    }
}
