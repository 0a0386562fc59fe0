// AdaptiveBench: issue 14.5's comparison of an adaptive sweep with its dense reference, from
// two results.jsonl files (`make bench-adaptive` runs both sweeps with `relusweep run`).
//
//   AdaptiveBench --grid grids/p2-adaptive.yaml --adaptive results/p2-adaptive/results.jsonl \
//                 --dense results/p2-dense/results.jsonl [--json-out FILE]
//
// The adaptive sweep's decisions are replayed from its results (they are a function of the grid
// and the results), its estimate interpolated to every dense cell (the dense grid's values on the
// adaptive grid's refined axes, pooled over seeds), and the criteria printed: trials against
// 1/5 (and 1/10) of the dense trials, the estimate within 0.1 of the dense fraction in >= 95% of
// the cells, on the same side of the level in >= 97% of those farther than 0.05 from it.
import AdaptiveSweep
import Foundation
import ReLUCore
import SweepModel

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("AdaptiveBench: \(message)\n".utf8))
    exit(2)
}

func option(_ name: String) -> String? {
    let args = CommandLine.arguments
    guard let i = args.firstIndex(of: name), i + 1 < args.count else { return nil }
    return args[i + 1]
}

func records(_ path: String) -> [TrialRecord] {
    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { fail("\(path): cannot read") }
    return text.split(separator: "\n").map { line in
        do { return try TrialRecord.parse(jsonLine: String(line)) } catch { fail("\(path): not a results.jsonl line: \(error)") }
    }
}

guard let gridPath = option("--grid"), let adaptivePath = option("--adaptive"), let densePath = option("--dense") else {
    fail("usage: AdaptiveBench --grid ADAPTIVE.yaml --adaptive RESULTS.jsonl --dense RESULTS.jsonl [--json-out FILE]")
}
let planner: AdaptivePlanner
do { planner = try AdaptivePlanner(grid: GridSpec.load(path: gridPath)) } catch { fail("\(error)") }
guard let level = planner.spec.level else { fail("\(gridPath): the comparison needs adaptive.level") }
let metric = planner.spec.metric

var outcomes: [String: TrialOutcome] = [:]
for r in records(adaptivePath) { if let id = r.trialId { outcomes[id] = TrialOutcome(r, metric: metric) } }
let decision = planner.plan(outcomes: outcomes)
if !decision.isFinished { fail("\(adaptivePath): the adaptive sweep is not finished; run it to the end first") }

// Dense cells: the refined axes' values, pooled over every other key (seeds).
struct Tally { var yes = 0; var n = 0 }
var dense: [[Double]: Tally] = [:]
var denseTrials = 0
for r in records(densePath) {
    denseTrials += 1
    guard let m = r.metrics else { continue }
    let config = r.config
    let key = planner.refinedAxes.map { config[$0].number ?? .nan }
    dense[key, default: Tally()].n += 1
    if metric.outcome(m) { dense[key, default: Tally()].yes += 1 }
}
let cells = dense.filter { $0.value.n > 0 }.map { (key, t) in
    (values: Dictionary(uniqueKeysWithValues: zip(planner.refinedAxes, key)), fraction: Double(t.yes) / Double(t.n))
}
let c = DenseComparison(decision: decision, dense: cells, level: level)
let trials = decision.trialCount
let report = """
    adaptive: \(trials) trials, \(decision.cells.count) cells, \(decision.round) rounds (the full grid at max seeds: \(decision.fullGridTrials))
    dense: \(denseTrials) trials, \(dense.count) cells
    trials: \(trials) of \(denseTrials) = \(String(format: "%.1f%%", 100 * Double(trials) / Double(max(denseTrials, 1)))) \
    (goal <= 20%, stretch <= 10%): \(5 * trials <= denseTrials ? "met" : "NOT met")
    within 0.1 of the dense fraction: \(c.within) of \(c.cells) = \(String(format: "%.1f%%", 100 * c.withinShare)) (goal >= 95%): \
    \(c.withinShare >= 0.95 ? "met" : "NOT met")\(c.skipped > 0 ? " (\(c.skipped) dense cells outside the adaptive range)" : "")
    same side of \(CanonicalJSON.number(level)) (dense fraction farther than 0.05 from it): \(c.sameSide) of \(c.sideChecked) = \
    \(String(format: "%.1f%%", 100 * c.sameSideShare)) (goal >= 97%): \(c.sameSideShare >= 0.97 ? "met" : "NOT met")
    """
print(report)
if let out = option("--json-out") {
    struct Summary: Encodable { var adaptiveTrials: Int; var denseTrials: Int; var cells: Int; var comparison: DenseComparison }
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    do {
        try encoder.encode(Summary(adaptiveTrials: trials, denseTrials: denseTrials, cells: decision.cells.count, comparison: c))
            .write(to: URL(fileURLWithPath: out))
    } catch { fail("\(out): cannot write: \(error)") }
}
