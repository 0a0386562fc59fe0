/// Trains one trial: TrialConfig in, TrialMetrics out. Single-threaded; run several trainers on
/// separate threads for parallel trials.
///
/// Timeline: "step s" is the state after s updates. Probes over the whole train set happen at
/// step 0, every `probeEvery` steps and at the end; with full batches every step's forward pass
/// is itself a probe. `deathStep` is the first probed step from which the network stayed
/// collapsed. With `earlyStop`, training stops at a probe where the network has collapsed, the
/// collapse cuts all gradients upstream (plain networks), and the optimizer's remaining momentum
/// can no longer move any parameter upstream in Float arithmetic, so nothing can revive it; the
/// rest is reported as `skippedSteps`.
public struct Trainer: Sendable {
    public init() {}

    /// Trains `config`; a csv data set is read where `dataAccess` allows (relative to the
    /// current directory, any file, by default: a worker passes its data directories).
    public func run(_ config: TrialConfig, dataAccess: DataAccess = .workingDirectory,
                    shouldCancel: (() -> Bool)? = nil) throws(TrainingError) -> TrialMetrics {
        let clock = ContinuousClock()
        let started = clock.now
        do { try config.validate() } catch { throw .invalidConfig(error) }
        let data: Dataset
        do { data = try Dataset.make(for: config, access: dataAccess) } catch { throw .dataset(error) }

        let nTrain = data.trainCount
        let batch = config.batchSize == 0 ? nTrain : min(config.batchSize, nTrain)
        let fullBatch = batch == nTrain
        let capacity = max(batch, min(nTrain, 1024), min(data.testCount, 1024), 1)
        let network = NetworkFactory.make(config, inputDim: data.inputDim, capacity: capacity)
        var initRNG = DeterministicRNG(seed: UInt64(config.seed), stream: .initialization)
        network.initialize(rng: &initRNG)
        let optimizer = OptimizerFactory.make(config, parameterCount: network.parameterCount)

        let trainX = AugmentedInputs(x: data.xTrain, inputDim: data.inputDim, count: nTrain)
        let testX = AugmentedInputs(x: data.xTest, inputDim: data.inputDim, count: data.testCount)
        var sampler = BatchSampler(count: nTrain, batchSize: batch, inputDim: data.inputDim,
                                   rng: DeterministicRNG(seed: UInt64(config.seed), stream: .batches))
        let sigma2 = config.targetStd * config.targetStd

        let probeEvery = config.probeEvery > 0 ? config.probeEvery : (fullBatch ? 1 : max(1, config.steps / 20))
        let traceEvery = max(1, config.steps / 20)
        var trace: [TracePoint]? = config.trace ? [] : nil
        var trajectory: [TrajectoryPoint]? = config.trajectoryEvery > 0 ? [] : nil
        let single = network as? any SingleUnitNetwork
        let initSlope = single.flatMap { $0.unitWeights.w.count == 1 ? $0.unitWeights.w[0] : nil }

        let initial = NetworkProbe.run(network, inputs: trainX, targets: data.yTrain)
        var collapsedSince: Int? = initial.collapsed(targetStd: config.targetStd) ? 0 : nil
        var stopReason = TrialMetrics.StopReason.completed
        var divergenceStep: Int?
        var stepsRun = 0

        func record(step: Int, probe: ProbeResult) {
            if step % traceEvery == 0 {
                trace?.append(TracePoint(step: step, deadFraction: probe.deadFraction,
                                         collapsed: probe.collapsed(targetStd: config.targetStd),
                                         normalizedTrainMSE: finite(probe.mse / sigma2)))
            }
        }
        /// Notes a probe at `step`; true when training should stop early.
        func observe(step: Int, probe: ProbeResult) -> Bool {
            let collapsed = probe.collapsed(targetStd: config.targetStd)
            if collapsed {
                if collapsedSince == nil { collapsedSince = step }
            } else {
                collapsedSince = nil
            }
            guard config.earlyStop, collapsed, let prefix = network.frozenPrefix(deadLayers: probe.deadLayers) else {
                return false
            }
            return optimizer.isFrozen(prefix: prefix, parameters: network.parameters.pointer)
        }

        if trace != nil { record(step: 0, probe: initial) }
        let loopStart = clock.now
        let targets = data.yTrain
        try targets.withUnsafeBufferPointer { (y) throws(TrainingError) in
            let yTrain = y.baseAddress!
            var alive = [Bool](repeating: false, count: network.totalUnits)
            for step in 0..<config.steps {
                if step & 63 == 0, let shouldCancel, shouldCancel() { throw .cancelled }
                if let single, trajectory != nil, step % config.trajectoryEvery == 0 {
                    let (w, b) = single.unitWeights
                    trajectory?.append(TrajectoryPoint(step: step, w: w, b: b))
                }
                let loss: Float
                if fullBatch {
                    loss = network.lossAndGradient(x: trainX.pointer, ldX: nTrain, y: yTrain, n: nTrain)
                    // This forward pass saw the whole train set at step `step`: a free probe.
                    if step > 0 && step % probeEvery == 0 {
                        for i in alive.indices { alive[i] = false }
                        network.markAlive(n: nTrain, alive: &alive)
                        let f = network.predictions
                        var lo = Float.infinity, hi = -Float.infinity
                        for j in 0..<nTrain { lo = min(lo, f[j]); hi = max(hi, f[j]) }
                        let probe = ProbeResult(alive: alive, unitsPerLayer: network.unitsPerLayer,
                                                outputMin: lo, outputMax: hi, mse: Double(loss))
                        record(step: step, probe: probe)
                        if loss.isFinite && observe(step: step, probe: probe) {
                            stopReason = .collapsed
                            break
                        }
                    }
                } else {
                    let n = sampler.next(from: trainX, targets: yTrain)
                    loss = network.lossAndGradient(x: UnsafePointer(sampler.x.pointer), ldX: n,
                                                   y: UnsafePointer(sampler.y.pointer), n: n)
                }
                if !loss.isFinite {
                    stopReason = .diverged
                    divergenceStep = step
                    break
                }
                optimizer.step(parameters: network.parameters.pointer, gradients: UnsafePointer(network.gradients.pointer))
                stepsRun = step + 1
                if !fullBatch && (stepsRun % probeEvery == 0 || (trace != nil && stepsRun % traceEvery == 0))
                    && stepsRun < config.steps {
                    let probe = NetworkProbe.run(network, inputs: trainX, targets: targets)
                    record(step: stepsRun, probe: probe)
                    if observe(step: stepsRun, probe: probe) {
                        stopReason = .collapsed
                        break
                    }
                }
            }
        }
        let loopSeconds = seconds(clock.now - loopStart)

        let final = NetworkProbe.run(network, inputs: trainX, targets: targets)
        if stopReason != .collapsed { _ = observe(step: stepsRun, probe: final) }
        if let t = trace, t.last?.step != stepsRun {
            trace?.append(TracePoint(step: stepsRun, deadFraction: final.deadFraction,
                                     collapsed: final.collapsed(targetStd: config.targetStd),
                                     normalizedTrainMSE: finite(final.mse / sigma2)))
        }
        if let single, let t = trajectory, t.last?.step != stepsRun {
            let (w, b) = single.unitWeights
            trajectory?.append(TrajectoryPoint(step: stepsRun, w: w, b: b))
        }
        let test = data.testCount > 0 ? NetworkProbe.run(network, inputs: testX, targets: data.yTest) : nil
        let diverged = stopReason == .diverged || !final.mse.isFinite
        return TrialMetrics(
            deadFraction: final.deadFraction,
            deadFractionInit: initial.deadFraction,
            deadFractionPerLayer: final.deadFractionPerLayer,
            deadFractionPerLayerInit: initial.deadFractionPerLayer,
            deadUnits: final.deadUnits,
            totalUnits: network.totalUnits,
            collapsed: final.collapsed(targetStd: config.targetStd),
            collapsedInit: initial.collapsed(targetStd: config.targetStd),
            deathStep: collapsedSince,
            normalizedTrainMSE: finite(final.mse / sigma2),
            normalizedTestMSE: test.flatMap { finite($0.mse / sigma2) },
            normalizedTrainMSEInit: finite(initial.mse / sigma2),
            diverged: diverged,
            divergenceStep: divergenceStep,
            stopReason: stopReason,
            stepsRun: stepsRun,
            skippedSteps: config.steps - stepsRun,
            parameterCount: network.parameterCount,
            wallSeconds: seconds(clock.now - started),
            stepsPerSecond: loopSeconds > 0 ? Double(stepsRun) / loopSeconds : 0,
            trace: trace,
            trajectory: trajectory,
            initSlope: initSlope)
    }
}

@inline(__always)
func finite(_ x: Double) -> Double? { x.isFinite ? x : nil }

func seconds(_ d: Duration) -> Double {
    let c = d.components
    return Double(c.seconds) + Double(c.attoseconds) * 1e-18
}
