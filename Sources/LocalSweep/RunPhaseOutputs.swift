import Foundation
import PhaseDiagram
import Plot
import ReLUCore
import SweepModel

/// The default phase tables and figures of `relusweep run`: for the metrics collapsed and
/// deadFraction, a Markdown table and an SVG heatmap over two axes of the grid, one panel per
/// value of the other axes (facets), with the grid's trials as the expected ones (so missing
/// and failed trials show).
enum RunPhaseOutputs {
    static let metrics: [PhaseMetric] = [.collapsed, .deadFraction]

    /// Writes `<stem>.md` and `<stem>.svg` per metric into `dir`; returns the paths and the
    /// Markdown of the first metric (printed by `run`).
    static func write(resultsPath: String, spec: GridSpec, axes: GridPhaseAxes, into dir: String) throws -> (paths: [String], markdown: String) {
        let source: any ResultSource
        do {
            source = try ResultFiles.source(at: resultsPath)
        } catch {
            throw LocalSweepError.outputs("reading \(resultsPath): \(error.description)")
        }
        var paths: [String] = []
        var firstMarkdown = ""
        for metric in metrics {
            let query = PhaseQuery(x: axes.x, y: axes.y, facets: axes.facets, metric: metric)
            let table: PhaseTable
            do {
                table = try PhaseAggregator(query: query).aggregate([source], expected: ExpectedTrials(grid: spec))
            } catch let error as PhaseError {
                throw LocalSweepError.outputs("phase table \(metric.rawValue) over \(axes.x) x \(axes.y): \(error.description)")
            } catch {
                throw LocalSweepError.outputs("reading \(resultsPath): \(error)")
            }
            let stem = (dir as NSString).appendingPathComponent(PhaseOutputNames.phaseStem(query))
            let markdown = MarkdownPhaseRenderer.render(table)
            try Data(markdown.utf8).write(to: URL(fileURLWithPath: stem + ".md"), options: .atomic)
            try Data(HeatmapRenderer().render(table).utf8).write(to: URL(fileURLWithPath: stem + ".svg"), options: .atomic)
            paths += [stem + ".md", stem + ".svg"]
            if firstMarkdown.isEmpty { firstMarkdown = markdown }
        }
        return (paths, firstMarkdown)
    }
}
