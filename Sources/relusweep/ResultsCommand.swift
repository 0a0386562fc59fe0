import SweepClient
import ArgumentParser
import Foundation
import ReLUCore
import SweepModel

/// `relusweep results SWEEP --coordinator URL --format csv|jsonl [--out FILE]`.
struct ResultsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "results",
        abstract: "Export a sweep's finished trials: the lines of results.jsonl, or CSV.",
        discussion: """
            jsonl: one line per trial, {"trialId", "config", "metrics"} as `relusweep train \
            --json` prints them; a trial that failed for good has "error" and no metrics. \
            csv: one row per trial (TrialRecordCSV). Pending and leased trials are not listed. \
            The export streams: a sweep of any size is never held in memory. With --out the \
            file appears complete or not at all (written aside, then renamed).
            """)

    @Argument(help: "The sweep id (its grid's name).")
    var sweep: String

    @OptionGroup var coordinator: CoordinatorOptions

    @Option(help: "jsonl or csv.")
    var format: ExportFormat = .jsonl

    @Option(help: ArgumentHelp("Write to FILE instead of standard output.", valueName: "FILE"))
    var out: String?

    enum ExportFormat: String, ExpressibleByArgument, CaseIterable { case jsonl, csv }

    func validate() throws {
        if let p = SweepName.problem(sweep) { throw ValidationError("SWEEP: \(p)") }
    }

    func run() async throws {
        let client = try coordinator.client()
        do {
            // Reachability and the sweep's existence are checked with retries (a coordinator
            // restarting).
            _ = try await withRetries { () async throws(CoordinatorClientError) in try await client.sweep(sweep) }
            if let out {
                // To a file: retried from the start if the coordinator restarts mid-transfer.
                try await ResultsExport.write(client, sweep: sweep, format: format.rawValue, to: out)
            } else {
                // To standard output the transfer is not retried: lines already written cannot be taken back.
                try await client.download(results: sweep, format: format.rawValue) { chunk in
                    try FileHandle.standardOutput.write(contentsOf: chunk)
                }
            }
        } catch let e as CoordinatorClientError {
            throw CLIError(e.description)
        } catch let e as ResultsExportError {
            throw CLIError("--out \(out ?? ""): \(e.description)")
        } catch {
            // Standard output closed early (`relusweep results ... | head`): not an error.
            let ns = error as NSError
            let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError
            if out == nil, ns.code == Int(EPIPE) || underlying?.code == Int(EPIPE) {
                return
            }
            let problem = FileProblem.writing(out ?? "/dev/stdout", error: error)
            throw CLIError("writing \(out ?? "standard output"): \(problem.description)")
        }
    }
}
