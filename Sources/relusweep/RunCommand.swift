import ArgumentParser
import LocalSweep
import Foundation
import ReLUCore
import Logging
import SweepModel

/// `relusweep run FILE [-s ...] [--out DIR] [--slots N] [--db FILE] [--no-progress]`: the
/// embedded default. A coordinator in this process on a free loopback port, one local worker
/// with N slots talking to it over HTTP (the same client and protocol as remote workers), a
/// progress bar, then results.jsonl and the default phase tables under results/<sweep>/.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a grid on this machine: embedded coordinator + local worker, then results and phase tables.",
        discussion: """
            Writes to results/<sweep>/ (or --out DIR): results.jsonl (one line per trial: \
            trialId, config, metrics as `relusweep train --json` prints them; failed trials \
            with error), phase-collapsed-*.md/.svg and phase-deadFraction-*.md/.svg (over the \
            grid's first two numeric axes, one panel per value of the other axes; --x/--y/ \
            --facet choose others), and sweep.sqlite, the sweep's database. Running the same \
            command again after an interruption (Ctrl-C, kill) runs only the missing trials; \
            more seeds or axis values (-s seeds=10) run only the new ones. \
            Ctrl-C stops at once (trials in progress are released) and keeps everything \
            finished; a second Ctrl-C exits without cleaning up.
            """)

    @OptionGroup var grid: GridArguments

    @Option(help: ArgumentHelp("Output directory (default: results/<sweep>).", valueName: "DIR"))
    var out: String?

    @Option(help: "Trials trained at once (default: one per core).")
    var slots: Int?

    @Option(help: ArgumentHelp("The sweep database (default: <out>/sweep.sqlite).", valueName: "FILE"))
    var db: String?

    @Flag(help: "No progress bar or progress lines.")
    var noProgress = false

    @Option(help: "Phase tables: key on the x axis (default: the grid's first numeric axis).")
    var x: String?

    @Option(help: "Phase tables: key on the y axis (default: the grid's second numeric axis).")
    var y: String?

    @Option(help: "Phase tables: facet key(s) (default: the grid's other axes).")
    var facet: [String] = []

    @Option(help: "Lease length of the embedded coordinator, seconds (trials of a killed run are retried after it).")
    var leaseSeconds: Double = 10

    @Flag(help: "Log the coordinator's and the worker's info messages.")
    var verbose = false

    func validate() throws {
        if let slots, !(1...1024).contains(slots) { throw ValidationError("--slots: expected 1...1024, got \(slots)") }
        if (x == nil) != (y == nil) { throw ValidationError("--x and --y go together") }
        if !(leaseSeconds >= 1 && leaseSeconds <= 86_400) { throw ValidationError("--lease-seconds: expected 1...86400") }
    }

    func run() async throws {
        CommandLogging.bootstrap(level: verbose ? .info : .warning)
        let spec = try grid.load()
        let outDir = out ?? ("results" as NSString).appendingPathComponent(spec.sweepId)
        do {
            try FileManager.default.createDirectory(atPath: outDir, withIntermediateDirectories: true)
        } catch {
            let problem = FileProblem.creatingDirectory(outDir, error: error)
            throw CLIError("--out \(outDir): cannot create the directory: \(problem.description); \(problem.advice)")
        }
        let dbPath = db ?? (outDir as NSString).appendingPathComponent("sweep.sqlite")
        // The grid's default (GridSpec.defaultPhaseAxes, as the dashboard) unless --x and --y are given.
        let axes: GridPhaseAxes? = x.flatMap { x in y.map { GridPhaseAxes(x: x, y: $0, facets: facet) } }
            ?? spec.defaultPhaseAxes

        let configuration = LocalSweepConfiguration(spec: spec, outDir: outDir, databasePath: dbPath, slots: slots,
                                                    leaseSeconds: leaseSeconds, axes: axes)
        if try await LocalRun.execute(configuration, progress: RunProgress.mode(noProgress: noProgress)) == .interrupted {
            throw ExitCode(130)
        }
        if axes == nil { say("phase tables: the grid has fewer than two axes; use relusweep aggregate with --x/--y") }
        // An adaptive grid: every cell with its own bounds, n and interval.
        let cellTables = try AdaptiveCellOutputs.write(spec: spec, outDir: outDir)
        if !cellTables.isEmpty { say("adaptive cells with their bounds: " + cellTables.map { ($0 as NSString).lastPathComponent }.joined(separator: ", ")) }
    }
}
