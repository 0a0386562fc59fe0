import Foundation
import ReLUCore
import SweepModel

/// Crafted trial records for the tests. TrialMetrics has no public memberwise initializer, so
/// metrics are built through their JSON form (the same path results.jsonl takes).
public enum TestRecords {
    public static func metrics(collapsed: Bool = false, dead: Double = 0, deadInit: Double = 0, nmse: Double? = 0.5,
                        diverged: Bool = false, wallSeconds: Double = 1, trace: [(Int, Double, Bool)]? = nil) -> TrialMetrics {
        var json: [String: Any] = [
            "deadFraction": dead, "deadFractionInit": deadInit,
            "deadFractionPerLayer": [dead], "deadFractionPerLayerInit": [deadInit],
            "deadUnits": Int(dead * 10), "totalUnits": 10, "collapsed": collapsed, "collapsedInit": false,
            "diverged": diverged, "stopReason": diverged ? "diverged" : "completed", "stepsRun": 100,
            "skippedSteps": 0, "parameterCount": 41, "wallSeconds": wallSeconds, "stepsPerSecond": 100 / wallSeconds,
        ]
        if let nmse { json["normalizedTestMSE"] = nmse }
        if let trace {
            json["trace"] = trace.map { ["step": $0.0, "deadFraction": $0.1, "collapsed": $0.2] as [String: Any] }
        }
        let data = try! JSONSerialization.data(withJSONObject: json)
        return try! JSONDecoder().decode(TrialMetrics.self, from: data)
    }

    public static func config(targetStd: Double = 1, momentum: Double = 0.9, depth: Int = 2, seed: Int = 0,
                       optimizer: OptimizerKind = .momentum, lr: Double = 1e-3) -> TrialConfig {
        var c = TrialConfig()
        c.targetStd = targetStd
        c.momentum = momentum
        c.depth = depth
        c.seed = seed
        c.optimizer = optimizer
        c.lr = lr
        return c
    }

    public static func record(_ id: String?, targetStd: Double = 1, momentum: Double = 0.9, depth: Int = 2, seed: Int = 0,
                       optimizer: OptimizerKind = .momentum, lr: Double = 1e-3, collapsed: Bool = false,
                       dead: Double = 0, nmse: Double? = 0.5, wallSeconds: Double = 1) -> TrialRecord {
        TrialRecord(trialId: id, config: config(targetStd: targetStd, momentum: momentum, depth: depth, seed: seed,
                                                optimizer: optimizer, lr: lr),
                    metrics: metrics(collapsed: collapsed, dead: dead, nmse: nmse, wallSeconds: wallSeconds))
    }

    public static func failed(_ id: String?, targetStd: Double = 1, momentum: Double = 0.9, depth: Int = 2, seed: Int = 0) -> TrialRecord {
        TrialRecord(trialId: id, config: config(targetStd: targetStd, momentum: momentum, depth: depth, seed: seed),
                    metrics: nil, error: "training threw: out of memory")
    }

    /// A fresh temporary directory.
    public static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("phase-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
