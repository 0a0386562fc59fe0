import AdaptiveSweep
import Foundation
import PhaseDiagram
import SweepModel

/// Every cell of an adaptive sweep with its bounds (issue 14.4): adaptive-cells.md, .csv and
/// .json, from the grid's planner replayed on the sweep's records (the same decisions the
/// coordinator took, since they are a function of the grid and the results). `relusweep run`
/// writes them for an adaptive grid, `relusweep aggregate --adaptive GRID` for any records.
enum AdaptiveCellOutputs {
    /// After `relusweep run`: from the run's results.jsonl; nothing for a plain grid.
    static func write(spec: GridSpec, outDir: String) throws -> [String] {
        guard spec.adaptive != nil else { return [] }
        let resultsPath = (outDir as NSString).appendingPathComponent("results.jsonl")
        let source: any ResultSource
        do { source = try ResultFiles.source(at: resultsPath) } catch {
            throw CLIError("\(resultsPath): cannot read the results for the adaptive cell table: \(error.description)")
        }
        return try write(spec: spec, sources: [source], outDir: outDir)
    }

    /// From any result sources (a trial id counts once, the first record wins, as in aggregate).
    static func write(spec: GridSpec, sources: [any ResultSource], outDir: String) throws -> [String] {
        let planner: AdaptivePlanner
        do { planner = try AdaptivePlanner(grid: spec) } catch { throw CLIError(error.description) }
        var outcomes: [String: TrialOutcome] = [:]
        for source in sources {
            do {
                try source.forEachRecord { record, _ in
                    guard let id = record.trialId, outcomes[id] == nil else { return }
                    outcomes[id] = TrialOutcome(record, metric: planner.spec.metric)
                }
            } catch {
                throw CLIError("source \(source.name): \(error)")
            }
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
