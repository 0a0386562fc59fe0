import Foundation
import Testing

/// The end-to-end suites run one after another: each starts real processes that train on the
/// machine's cores, and lease timings are easier to reason about without a neighbour.
@Suite(.serialized) struct EndToEnd {}

/// The repository's grids/ folder (for grids/smoke.yaml).
func repositoryGrid(_ name: String) -> String {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("grids").appendingPathComponent(name).path
}

/// A single-ReLU grid of `cells` targetStd values x `seeds`, each trial `steps` full-batch
/// steps on 64 points (about 2.2 million steps per second here, so `steps` sets the time).
func singleReLUGrid(name: String, steps: Int, targetStds: [Double] = [0.01, 1], seeds: Int) -> String {
    """
    name: \(name)
    base: { model: single, dataset: relu1d, optimizer: momentum, momentum: 0.9, lr: 0.05, steps: \(steps), batchSize: 0, nTrain: 64, nTest: 64 }
    axes: { targetStd: [\(targetStds.map { String($0) }.joined(separator: ", "))] }
    seeds: \(seeds)
    """
}
