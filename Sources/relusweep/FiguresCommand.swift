import ArgumentParser
import Foundation
import LocalSweep
import PhaseDiagram
import Plot
import TheoryFigures
import ReLUCore
import SweepModel

/// `relusweep figures`: runs the paper-figure grids (grids/p1-...yaml to p6-...yaml) on this
/// machine, exactly as `relusweep run` would (results/<sweep>/, resumable), then draws every
/// figure and its tables into docs/figures/ with an index of commands, trial counts and wall
/// times.
struct FiguresCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "figures",
        abstract: "Regenerate the paper's figures P1-P6 (docs/figures/) from grids/.",
        discussion: """
            For each figure: runs its grid like `relusweep run` (results in <results>/<sweep>/; \
            an interrupted run resumes, finished trials are reused), then writes the SVG \
            (and PNG when rsvg-convert is installed), the Markdown and JSON tables, and \
            docs/figures/README.md with the commands, trial counts, wall times and machine. \
            --quick uses a few seeds per cell (same grids, fewer replicates) for a fast check.
            """)

    @Option(help: "Only these figures (p1, p1a, p2 ... p6).")
    var only: [String] = []

    @Flag(help: "A few seeds per cell (fast; for tests and previews).")
    var quick = false

    @Option(help: ArgumentHelp("Directory of the figure grids.", valueName: "DIR"))
    var grids = "grids"

    @Option(help: ArgumentHelp("Where the figures go.", valueName: "DIR"))
    var out = "docs/figures"

    @Option(help: ArgumentHelp("Where each grid's sweep (database, results.jsonl) goes.", valueName: "DIR"))
    var results = "results"

    @Option(name: [.customShort("s"), .customLong("set")], help: ArgumentHelp(
        "Override for every grid, e.g. seeds=8.", valueName: "key=value"))
    var overrides: [String] = []

    @Option(help: "Trials trained at once (default: one per core).")
    var slots: Int?

    @Flag(help: "Do not run sweeps: draw from the results already in --results.")
    var noRun = false

    @Flag(help: "No progress bar or progress lines.")
    var noProgress = false

    func validate() throws {
        let ids = Set(PaperFigureJob.all.map(\.id))
        for id in only where !ids.contains(id) {
            throw ValidationError("--only: unknown figure '\(id)'; expected some of \(PaperFigureJob.all.map(\.id).joined(separator: ", "))")
        }
        if let slots, !(1...1024).contains(slots) { throw ValidationError("--slots: expected 1...1024, got \(slots)") }
    }

    func run() async throws {
        CommandLogging.bootstrap(level: .warning)
        let jobs = PaperFigureJob.all.filter { only.isEmpty || only.contains($0.id) }
        try createDirectory(out, flag: "--out")
        var index: [FigureIndex.Entry] = []
        for job in jobs {
            say("== \(job.title)")
            var arguments = overrides
            if quick && !overrides.contains(where: { $0.hasPrefix("seeds=") }) { arguments.append("seeds=\(job.quickSeeds)") }
            let gridPath = (grids as NSString).appendingPathComponent(job.grid)
            let spec = try GridArguments.load(file: gridPath, overrides: arguments)
            let sweepDir = (results as NSString).appendingPathComponent(spec.sweepId)
            try createDirectory(sweepDir, flag: "--results")
            let started = ContinuousClock.now
            if !noRun {
                let configuration = LocalSweepConfiguration(spec: spec, outDir: sweepDir, slots: slots, leaseSeconds: 10)
                if try await LocalRun.execute(configuration, progress: RunProgress.mode(noProgress: noProgress)) == .interrupted {
                    throw ExitCode(130)
                }
            }
            let runSeconds = started.duration(to: .now).inSeconds
            let records = try Self.records(in: sweepDir, spec: spec)
            let drawStarted = ContinuousClock.now
            let outputs: [PaperFigureJob.Output]
            do {
                outputs = try job.render(records, spec)
            } catch {
                throw CLIError("\(job.id): \(error)")
            }
            var files: [String] = []
            for output in outputs {
                let path = (out as NSString).appendingPathComponent(output.name)
                try Data(output.contents.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
                files.append(output.name)
                if output.name.hasSuffix(".svg"), SVGRasterizer.toolPath() != nil {
                    let png = String(output.name.dropLast(4)) + ".png"
                    do {
                        try SVGRasterizer.convert(svgPath: path, pngPath: (out as NSString).appendingPathComponent(png))
                        files.append(png)
                    } catch {
                        say("  (no PNG for \(output.name): \(error))")
                    }
                }
            }
            let drawSeconds = drawStarted.duration(to: .now).inSeconds
            let command = "relusweep run \(gridPath)" + arguments.map { " -s \($0)" }.joined()
            index.append(FigureIndex.Entry(id: job.id, title: job.title, grid: gridPath, command: command,
                                           trials: spec.trialCount, records: records.count,
                                           runSeconds: noRun ? nil : runSeconds, drawSeconds: drawSeconds, files: files,
                                           machine: FigureIndex.machine(), date: ISO8601DateFormatter().string(from: Date()),
                                           quick: quick))
            say("  \(records.count) records; run \(noRun ? "skipped" : formatDuration(runSeconds)), "
                + "drawn in \(String(format: "%.1f", drawSeconds)) s: \(files.joined(separator: ", "))")
        }
        do {
            try FigureIndex.merged(in: out, with: index).write(to: out)
        } catch {
            throw CLIError("writing the index in \(out): \(FileProblem.writing(out, error: error).description)")
        }
        say("figures in \(out)/ (index: \((out as NSString).appendingPathComponent("README.md")))")
    }

    /// The sweep's records as `run` exported them (results.jsonl).
    static func records(in dir: String, spec: GridSpec) throws -> [TrialRecord] {
        let path = (dir as NSString).appendingPathComponent("results.jsonl")
        do {
            return try ResultFiles.source(at: path).load().map(\.record)
        } catch {
            throw CLIError("\(path): \(error) (run the sweep first, without --no-run)")
        }
    }

    func createDirectory(_ path: String, flag: String) throws {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            let problem = FileProblem.creatingDirectory(path, error: error)
            throw CLIError("\(flag) \(path): cannot create the directory: \(problem.description); \(problem.advice)")
        }
    }
}
