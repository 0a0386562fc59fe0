import Plot
import ArgumentParser
import Foundation
import PhaseDiagram
import SweepModel


extension PhaseQuery.Parameter {
    /// How `aggregate` spells the parameter: `--x`, `--x-scale`, ...
    var flag: String {
        switch self {
        case .x: "--x"
        case .y: "--y"
        case .facet: "--facet"
        case .metric: "--metric"
        case .xScale: "--x-scale"
        case .yScale: "--y-scale"
        case .condition: "--where"
        case .change: "--change"
        }
    }
}

struct AggregateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "aggregate",
        abstract: "Group trial results into a phase diagram: tables (md, csv, json) and figures (svg, png).",
        discussion: """
            SOURCES are results.jsonl files, CSV exports, or directories holding results.jsonl.
            A trial id counts once across sources; the same id with different metrics is reported
            as a conflict (the first source given wins). Axis and facet keys are config keys
            (targetStd, momentum, depth, optimizer, model, lr, width, batchSize, ...) or `step`,
            the training step of metrics.trace (dead fraction over time).

            Conditioning and changes (records are read, not per-point sums):
              --where 'initSlope>0'        only trials whose single unit started with w0 > 0:
                                           cells are P(collapsed | w0 > 0) (repeatable; KEY OP
                                           VALUE with OP one of >=, <=, !=, =, >, <; KEY an init
                                           metric: initSlope, collapsedInit, deadFractionInit,
                                           normalizedTrainMSEInit; or a config key)
              --where collapsedInit=false  P(collapsed at the end | alive at init)
              --change                     per trial, the metric at the end minus at init
                                           (deadFraction or collapsed), mean and 95% t interval
            Trials a condition cannot be read on (failed trials; initSlope of a multi-unit
            network) are left out and counted in the summary.

            Files written to --out:
              phase-<metric>-<x>-<y>[-by-<facet>...].md|csv|json|svg|png   table and heatmap
                (with --change <metric>Change; each --where adds -where-<key>-<gt|ge|lt|le|eq|ne>-<value>)
              lines-<metric>-<x>-<y>[-by-<facet>...].svg|png               with --plot lines
            The Markdown table is also printed; the summary goes to standard error.
            PNG is converted from the SVG by rsvg-convert (Debian: librsvg2-bin).
            """)

    @Argument(help: "results.jsonl / CSV files or directories holding results.jsonl.")
    var sources: [String]

    @Option(help: "Key on the x axis (columns).")
    var x: String

    @Option(help: "Key on the y axis (rows).")
    var y: String

    @Option(help: "Further key(s): one table/panel per value (repeatable).")
    var facet: [String] = []

    @Option(help: "Statistic per cell: \(PhaseMetric.allCases.map(\.rawValue).joined(separator: ", ")).")
    var metric: PhaseMetric = .collapsed

    @Option(parsing: .upToNextOption, help: "Outputs: md, csv, json, svg, png (repeatable or space-separated).")
    var format: [OutputFormat] = [.md, .csv, .json, .svg]

    @Option(parsing: .upToNextOption, help: "Figures for svg/png: heatmap, lines (one line per y value over x).")
    var plot: [PlotKind] = [.heatmap]

    @Option(help: "x axis scale: auto, linear, log, categorical.")
    var xScale: AxisScaleChoice = .auto

    @Option(help: "y axis scale: auto, linear, log, categorical.")
    var yScale: AxisScaleChoice = .auto

    @Option(help: "Trials each cell should have (e.g. the grid's seeds); absent ones are reported missing.")
    var expectedPerCell: Int?

    @Option(name: .customLong("where"), help: "Keep only trials with KEY OP VALUE: an init metric (initSlope>0, collapsedInit=false) or a config key (repeatable).")
    var conditions: [String] = []

    @Flag(help: "Cell value: the per-trial change of --metric from initialization to the end (deadFraction or collapsed).")
    var change = false

    @Option(help: "Directory for the output files (created if needed).")
    var out: String

    @Option(help: ArgumentHelp("An adaptive grid file: also write adaptive-cells.md/.csv/.json, every cell of the sweep with its bounds, n and interval (its planner replayed on these records).", valueName: "GRID"))
    var adaptive: String?

    enum OutputFormat: String, ExpressibleByArgument, CaseIterable { case md, csv, json, svg, png }
    enum PlotKind: String, ExpressibleByArgument, CaseIterable { case heatmap, lines }

    func validate() throws {
        if sources.isEmpty { throw ValidationError("give at least one source: a results.jsonl, a CSV export, or a directory holding results.jsonl") }
        if let e = expectedPerCell, e < 0 { throw ValidationError("--expected-per-cell must be >= 0, got \(e)") }
        if expectedPerCell != nil && !conditions.isEmpty {
            throw ValidationError("--expected-per-cell counts every trial of a cell; with --where the cells hold only some of them, so give one or the other")
        }
    }

    func run() throws {
        // --adaptive is checked before anything is read or written.
        let adaptiveSpec: GridSpec? = try adaptive.map { path in
            let spec: GridSpec
            do { spec = try GridSpec.load(path: path) } catch { throw CLIError("--adaptive \(String(describing: error))") }
            guard spec.adaptive != nil else {
                throw CLIError("--adaptive \(path): the grid has no adaptive block; give the adaptive grid the records were run with")
            }
            return spec
        }
        var parsed: [RecordCondition] = []
        for c in conditions {
            do { parsed.append(try RecordCondition(parsing: c)) } catch { throw CLIError("--where \(error.description)") }
        }
        let query = PhaseQuery(x: x, y: y, facets: facet, metric: metric, xScale: xScale, yScale: yScale,
                               conditions: parsed, change: change)
        var loaded: [any ResultSource] = []
        for path in sources {
            do {
                loaded.append(try ResultFiles.source(at: path))
            } catch {
                throw CLIError("source \(error.description)")
            }
        }
        let aggregator: PhaseAggregator
        do {
            aggregator = try PhaseAggregator(query: query)
        } catch {
            var message = error.message(naming: \.flag)
            if case .unknownKey = error {
                let varying = ((try? PhaseAggregator.varyingKeys(loaded)) ?? []).map { "\($0.key) (\($0.values) values)" }
                message += "; keys that vary in these sources: " + (varying.isEmpty ? "none" : varying.joined(separator: ", "))
            }
            throw CLIError(message)
        }
        // Records stream through the aggregation: memory is O(cells + trial ids).
        var accumulation = aggregator.accumulation()
        for source in loaded {
            do {
                try accumulation.add(source)
            } catch let error as ResultSourceError {
                throw CLIError("source \(error.description)")
            } catch {
                throw CLIError("source \(source.name): \(error.localizedDescription)")
            }
        }
        let table: PhaseTable
        do {
            table = try accumulation.table(expected: expectedPerCell.map { .perCell($0) })
        } catch {
            throw CLIError(error.message(naming: \.flag))
        }
        if table.totals.recordsRead == 0 {
            throw CLIError("the sources hold no trial records: \(sources.joined(separator: ", "))")
        }
        if !parsed.isEmpty && table.totals.trials == 0 {
            let t = table.totals
            throw CLIError("--where \(parsed.map(\.description).joined(separator: " and ")): no trial is left (\(t.excludedByCondition) records do not satisfy it, "
                + "\(t.conditionUnreadable) have no value to test it on: initSlope is recorded for models single and neuron on 1-D inputs, by this version on)")
        }
        if table.cells.allSatisfy({ $0.n == 0 }) && query.usesStep {
            throw CLIError("--x/--y step needs metrics.trace: none of the \(table.totals.withMetrics) trials has one (train with --trace; CSV exports carry no trace)")
        }

        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        var written: [String] = []
        func write(_ text: String, _ name: String) throws {
            let path = (out as NSString).appendingPathComponent(name)
            try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
            written.append(path)
        }
        let phaseStem = PhaseOutputNames.phaseStem(query)
        let linesStem = PhaseOutputNames.linesStem(query)
        let markdown = MarkdownPhaseRenderer.render(table)
        let formats = Set(format)
        if formats.contains(.md) { try write(markdown, phaseStem + ".md") }
        if formats.contains(.csv) { try write(CSVPhaseRenderer.render(table), phaseStem + ".csv") }
        if formats.contains(.json) { try write(try JSONPhaseRenderer.render(table), phaseStem + ".json") }
        if formats.contains(.svg) || formats.contains(.png) {
            for kind in Set(plot) {
                let stem = kind == .heatmap ? phaseStem : linesStem
                let svg = kind == .heatmap ? HeatmapRenderer().render(table) : LinePlotRenderer().render(table.linePlot())
                try write(svg, stem + ".svg")
                if formats.contains(.png) {
                    let svgPath = (out as NSString).appendingPathComponent(stem + ".svg")
                    let pngPath = (out as NSString).appendingPathComponent(stem + ".png")
                    do {
                        try SVGRasterizer.convert(svgPath: svgPath, pngPath: pngPath)
                    } catch {
                        throw CLIError("--format png: \(error.description)")
                    }
                    written.append(pngPath)
                    if !formats.contains(.svg) {
                        try? FileManager.default.removeItem(atPath: svgPath)
                        written.removeAll { $0 == svgPath }
                    }
                }
            }
        }

        if let adaptiveSpec {
            written += try AdaptiveCellOutputs.write(spec: adaptiveSpec, sources: loaded, outDir: out)
        }

        print(markdown, terminator: "")
        var summary = [MarkdownPhaseRenderer.summary(table)]
        for c in table.conflicts { summary.append("conflict: \(c.description)") }
        if !table.pooledKeys.isEmpty { summary.append("note: cells pool trials that differ in \(table.pooledKeys.joined(separator: ", "))") }
        summary.append("wrote: " + written.joined(separator: ", "))
        FileHandle.standardError.write(Data((summary.joined(separator: "\n") + "\n").utf8))
    }
}
