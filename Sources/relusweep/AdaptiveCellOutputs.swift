import AdaptiveSweep
import Foundation
import SweepModel

/// `relusweep run` of an adaptive grid also writes every cell with its bounds (issue 14.4):
/// adaptive-cells.md, .csv and .json, from the planner replayed on results.jsonl (the same
/// decisions the coordinator took, since they are a function of the grid and the results).
enum AdaptiveCellOutputs {
    static func write(spec: GridSpec, outDir: String) throws -> [String] {
        guard spec.adaptive != nil else { return [] }
        let planner: AdaptivePlanner
        do { planner = try AdaptivePlanner(grid: spec) } catch { throw CLIError(error.description) }
        let resultsPath = (outDir as NSString).appendingPathComponent("results.jsonl")
        let text: String
        do { text = try String(contentsOfFile: resultsPath, encoding: .utf8) } catch {
            throw CLIError("\(resultsPath): cannot read the results for the adaptive cell table: \(error.localizedDescription)")
        }
        var outcomes: [String: TrialOutcome] = [:]
        for line in text.split(separator: "\n") where !line.isEmpty {
            let record: TrialRecord
            do { record = try TrialRecord.parse(jsonLine: String(line)) } catch {
                throw CLIError("\(resultsPath): a line is not a trial record (\(error)); run the same command again to rewrite it")
            }
            guard let id = record.trialId else { continue }
            outcomes[id] = TrialOutcome(record, metric: planner.spec.metric)
        }
        let table = AdaptiveCellTable(decision: planner.plan(outcomes: outcomes), planner: planner)
        var written: [String] = []
        for (name, body) in [("adaptive-cells.md", table.markdown()), ("adaptive-cells.csv", table.csv()), ("adaptive-cells.json", try table.json())] {
            let path = (outDir as NSString).appendingPathComponent(name)
            do { try body.write(toFile: path, atomically: true, encoding: .utf8) } catch {
                throw CLIError("\(path): cannot write: \(error.localizedDescription)")
            }
            written.append(path)
        }
        return written
    }
}
