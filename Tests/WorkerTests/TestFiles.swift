import TestSupport
import Foundation
import ReLUCore
import SweepModel

/// Real metrics of a tiny trial (trained once per process).
let tinyMetrics: TrialMetrics = {
    let config = try! JSONDecoder().decode(TrialConfig.self, from: Data(#"{"model":"single","dataset":"relu1d","steps":20,"nTrain":32,"nTest":32,"batchSize":0}"#.utf8))
    return try! Trainer().run(config)
}()

/// A result item for a made-up lease (for outbox tests).
func sampleItem(trial: Int, lease: Int = 0, epoch: Int = 1) -> ResultItem {
    let trialId = String(format: "%032x", trial)
    let leaseId = String(format: "%032x", 0xABC000 + lease * 1000 + trial)
    return ResultItem(leaseId: leaseId, epoch: epoch, trialId: trialId, metrics: tinyMetrics,
                      provenance: Provenance(worker: "test-worker", host: "test-host"))
}
