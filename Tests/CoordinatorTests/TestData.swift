import Foundation
import ReLUCore
import SweepModel

/// Grids and results for the tests.
enum TestData {
    /// A grid of quick single-ReLU trials (JSON, the submit body): targetStd x momentum x seeds.
    static func grid(_ name: String = "g", std: [Double] = [0.1, 1], momentum: [Double] = [0, 0.9], seeds: Int = 2,
                     steps: Int = 10) -> String {
        func list(_ v: [Double]) -> String { "[" + v.map { CanonicalJSON.number($0) }.joined(separator: ",") + "]" }
        return """
            {"name":"\(name)","base":{"model":"single","dataset":"relu1d","steps":\(steps)},\
            "axes":{"targetStd":\(list(std)),"momentum":\(list(momentum))},"seeds":\(seeds)}
            """
    }

    /// Metrics of a finished trial as JSON text (`steps` must be the trial's steps).
    static func metricsJSON(steps: Int = 10, deadFraction: Double = 0, collapsed: Bool = false, stepsRun: Int? = nil) -> String {
        """
        {"collapsed":\(collapsed),"collapsedInit":false,"deadFraction":\(deadFraction),"deadFractionInit":0,\
        "deadFractionPerLayer":[\(deadFraction)],"deadFractionPerLayerInit":[0],"deadUnits":\(collapsed ? 1 : 0),\
        "diverged":false,"normalizedTestMSE":0.5,"normalizedTrainMSE":0.4,"normalizedTrainMSEInit":1,\
        "parameterCount":3,"skippedSteps":0,"stepsPerSecond":1000,"stepsRun":\(stepsRun ?? steps),\
        "stopReason":"completed","totalUnits":1,"wallSeconds":0.01}
        """
    }

    static func metrics(steps: Int = 10, deadFraction: Double = 0, collapsed: Bool = false) -> TrialMetrics {
        try! JSONDecoder().decode(TrialMetrics.self, from: Data(metricsJSON(steps: steps, deadFraction: deadFraction, collapsed: collapsed).utf8))
    }

    static func provenance(_ worker: String = "w1") -> Provenance {
        Provenance(worker: worker, host: "host-a", kernels: "portable", version: "test", wallSeconds: 0.01)
    }

    static func result(_ g: LeaseGrant, worker: String = "w1", collapsed: Bool = false) -> ResultItem {
        ResultItem(leaseId: g.leaseId, epoch: g.epoch, trialId: g.trialId,
                   metrics: metrics(steps: g.config.steps, deadFraction: collapsed ? 1 : 0, collapsed: collapsed),
                   provenance: provenance(worker))
    }

    static func failure(_ g: LeaseGrant, _ error: String, worker: String = "w1") -> ResultItem {
        ResultItem(leaseId: g.leaseId, epoch: g.epoch, trialId: g.trialId, metrics: nil, error: error, provenance: provenance(worker))
    }

    /// One result item as raw JSON with `metrics` given as text (for impossible values).
    static func rawResult(_ g: LeaseGrant, metrics: String) -> String {
        """
        {"results":[{"leaseId":"\(g.leaseId)","epoch":\(g.epoch),"trialId":"\(g.trialId)","metrics":\(metrics),\
        "provenance":{"worker":"w1","host":"host-a"}}]}
        """
    }
}
