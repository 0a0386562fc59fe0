/// What a pass over a whole split says about the network: which hidden units are alive, whether
/// the output is constant (collapsed), and the MSE.
struct ProbeResult {
    var alive: [Bool]
    var unitsPerLayer: [Int]
    var outputMin: Float
    var outputMax: Float
    var mse: Double

    var deadUnits: Int { alive.lazy.filter { !$0 }.count }
    var deadFraction: Double { alive.isEmpty ? 0 : Double(deadUnits) / Double(alive.count) }

    var deadFractionPerLayer: [Double] {
        var out: [Double] = []
        var offset = 0
        for units in unitsPerLayer {
            let dead = alive[offset..<(offset + units)].lazy.filter { !$0 }.count
            out.append(Double(dead) / Double(units))
            offset += units
        }
        return out
    }

    /// Layers whose every unit is dead.
    var deadLayers: [Bool] { deadFractionPerLayer.map { $0 == 1 } }

    /// Collapsed: the output is constant over the inputs, to 1e-6 of the target scale. A fully
    /// dead layer in a plain network gives exactly zero spread.
    func collapsed(targetStd: Double) -> Bool {
        let spread = Double(outputMax) - Double(outputMin)
        return spread.isFinite && spread <= 1e-6 * targetStd
    }
}

/// Runs the network over a split in chunks of its capacity.
struct NetworkProbe {
    static func run(_ network: any ReLUNetwork, inputs: AugmentedInputs, targets: [Float]) -> ProbeResult {
        var result = ProbeResult(
            alive: Array(repeating: false, count: network.totalUnits), unitsPerLayer: network.unitsPerLayer,
            outputMin: .infinity, outputMax: -.infinity, mse: 0)
        var sum = 0.0
        var nonFinite = false
        var start = 0
        while start < inputs.count {
            let n = min(network.capacity, inputs.count - start)
            network.forward(x: inputs.pointer + start, ldX: inputs.count, n: n)
            network.markAlive(n: n, alive: &result.alive)
            let f = network.predictions
            for j in 0..<n {
                let v = f[j]
                if !v.isFinite { nonFinite = true }
                result.outputMin = min(result.outputMin, v)
                result.outputMax = max(result.outputMax, v)
                let r = Double(v) - Double(targets[start + j])
                sum += r * r
            }
            start += n
        }
        result.mse = nonFinite ? .nan : (inputs.count > 0 ? sum / Double(inputs.count) : .nan)
        return result
    }
}
