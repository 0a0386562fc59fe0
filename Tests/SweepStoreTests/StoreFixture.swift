import Foundation
import ReLUCore
import SweepModel
@testable import SweepStore

/// A temporary directory with a real SQLite store in it, removed when the fixture goes away.
final class StoreFixture {
    let dir: URL
    var path: String { dir.appendingPathComponent("sweeps.sqlite").path }
    static let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    init() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("sweepstore-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: dir) }

    func open(_ options: StoreOptions = StoreOptions()) throws(StoreError) -> SweepStore {
        try SweepStore(path: path, options: options)
    }

    /// A grid of quick single-ReLU trials: `std` x `momentum` x `seeds`.
    static func grid(_ name: String = "g", std: [String] = ["0.1", "1"], momentum: [String] = ["0", "0.9"], seeds: Int = 2) throws -> GridSpec {
        try GridSpec.parse("""
            name: \(name)
            base: { model: single, dataset: relu1d, steps: 10 }
            axes: { targetStd: [\(std.joined(separator: ", "))], momentum: [\(momentum.joined(separator: ", "))] }
            seeds: \(seeds)
            """, file: "\(name).yaml")
    }

    static func metrics(steps: Int = 10, deadFraction: Double = 0) -> TrialMetrics {
        let json = """
            {"collapsed":false,"collapsedInit":false,"deadFraction":\(deadFraction),"deadFractionInit":0,"deadFractionPerLayer":[\(deadFraction)],
             "deadFractionPerLayerInit":[0],"deadUnits":0,"diverged":false,"normalizedTestMSE":0.5,"normalizedTrainMSE":0.4,
             "normalizedTrainMSEInit":1,"parameterCount":3,"skippedSteps":0,"stepsPerSecond":1000,"stepsRun":\(steps),
             "stopReason":"completed","totalUnits":1,"wallSeconds":0.01}
            """
        return try! JSONDecoder().decode(TrialMetrics.self, from: Data(json.utf8))
    }

    static func result(_ g: LeaseGrant, worker: String = "w1", metrics: TrialMetrics? = nil) -> ResultItem {
        ResultItem(leaseId: g.leaseId, epoch: g.epoch, trialId: g.trialId, metrics: metrics ?? Self.metrics(steps: g.config.steps),
                   provenance: Provenance(worker: worker, host: "host-a", kernels: "portable", version: "test", wallSeconds: 0.01))
    }

    static func failure(_ g: LeaseGrant, _ error: String, worker: String = "w1") -> ResultItem {
        ResultItem(leaseId: g.leaseId, epoch: g.epoch, trialId: g.trialId, metrics: nil, error: error,
                   provenance: Provenance(worker: worker, host: "host-a"))
    }
}
