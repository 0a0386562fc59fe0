import ReLUCore
var c = TrialConfig()
c.dataset = .teacher; c.model = .mlp; c.width = 64; c.depth = 4; c.batchSize = 64; c.momentum = 0.9; c.lr = 1e-3; c.steps = 2000
for v in Kernels.Variant.allCases where Kernels.select(v) {
  for _ in 0..<3 {
    let m = try Trainer().run(c)
    print(v, m.stepsPerSecond, m.wallSeconds, m.normalizedTrainMSE ?? -1, m.deadFraction, m.normalizedTrainMSEInit ?? -1)
  }
}
