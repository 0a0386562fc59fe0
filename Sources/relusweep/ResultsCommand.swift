import ArgumentParser
import Foundation
import SweepModel
import Worker

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
        let output: FileHandle
        var tmp: String?
        if let out {
            let t = out + ".part"
            guard FileManager.default.createFile(atPath: t, contents: nil), let h = FileHandle(forWritingAtPath: t) else {
                throw CommandFailure("--out \(out): cannot create \(t)")
            }
            output = h
            tmp = t
        } else {
            output = FileHandle.standardOutput
        }
        do {
            // Reachability and the sweep's existence are checked with retries (a coordinator
            // restarting); the transfer itself is not retried on standard output, where the
            // lines already written cannot be taken back.
            _ = try await withRetries { () async throws(CoordinatorClientError) in try await client.sweep(sweep) }
            var attempt = 0
            while true {
                attempt += 1
                do {
                    if tmp != nil { try output.truncate(atOffset: 0) }
                    try await client.download(results: sweep, format: format.rawValue) { chunk in
                        try output.write(contentsOf: chunk)
                    }
                    break
                } catch let e as CoordinatorClientError where e.isRetryable && tmp != nil && attempt < 4 {
                    try await Task.sleep(for: .seconds(Backoff(initialDelay: 0.5, maxDelay: 4).delay(failures: attempt)))
                }
            }
        } catch let e as CoordinatorClientError {
            if let tmp { try? FileManager.default.removeItem(atPath: tmp) }
            throw CommandFailure(e.description)
        } catch {
            if let tmp { try? FileManager.default.removeItem(atPath: tmp) }
            // Standard output closed early (`relusweep results ... | head`): not an error.
            let ns = error as NSError
            let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError
            if tmp == nil, ns.code == Int(EPIPE) || underlying?.code == Int(EPIPE) {
                return
            }
            throw CommandFailure("writing \(out ?? "standard output"): \(error.localizedDescription)")
        }
        if let tmp, let out {
            try output.synchronize()
            try output.close()
            if FileManager.default.fileExists(atPath: out) { try FileManager.default.removeItem(atPath: out) }
            try FileManager.default.moveItem(atPath: tmp, toPath: out)
        }
    }
}
