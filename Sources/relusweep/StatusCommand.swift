import SweepClient
import ArgumentParser
import Foundation
import SweepModel

/// `relusweep status [SWEEP] --coordinator URL [--json] [--phase --x K --y K ...]`.
struct StatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show sweeps (trials by state, throughput, ETA) and live workers, or a live phase table.",
        discussion: """
            --json prints {"sweeps": [{"id", "name", "state", "counts": {"pending", "leased", \
            "done", "failed"}, "trials", "throughput", "eta", ...}], "workers": [...]}. \
            --phase prints the sweep's live phase table (Markdown; JSON with --json), computed \
            by the coordinator over the results so far; --x/--y default to the grid's first two \
            axes.
            """)

    @Argument(help: "A sweep id (default: every sweep).")
    var sweep: String?

    @OptionGroup var coordinator: CoordinatorOptions

    @Flag(help: "Print JSON.")
    var json = false

    @Flag(help: "Print the live phase table of SWEEP.")
    var phase = false

    @Option(help: "Phase table: key on the x axis (columns).")
    var x: String?

    @Option(help: "Phase table: key on the y axis (rows).")
    var y: String?

    @Option(help: "Phase table: further key(s), one table per value (repeatable).")
    var facet: [String] = []

    @Option(help: "Phase table: collapsed, deadFraction, nmse or diverged.")
    var metric: String?

    func validate() throws {
        if !phase && (x != nil || y != nil || !facet.isEmpty || metric != nil) {
            throw ValidationError("--x, --y, --facet and --metric go with --phase")
        }
        if let sweep, let p = SweepName.problem(sweep) { throw ValidationError("SWEEP: \(p)") }
    }

    func run() async throws {
        let client = try coordinator.client()
        do {
            if phase {
                try await printPhase(client)
            } else {
                try await printStatus(client)
            }
        } catch let e as CoordinatorClientError {
            throw CLIError(e.description)
        }
    }

    private func printStatus(_ client: CoordinatorClient) async throws {
        var list = try await withRetries { () async throws(CoordinatorClientError) in try await client.sweeps() }
        if let sweep {
            guard let one = list.sweeps.first(where: { $0.id == sweep }) else {
                let known = list.sweeps.map(\.id)
                throw CLIError("no sweep '\(sweep)' on \(client.endpoint.baseURL)"
                                     + (known.isEmpty ? " (it has none)" : "; sweeps: \(known.joined(separator: ", "))"))
            }
            list.sweeps = [one]
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(list), as: UTF8.self))
        } else {
            var text = Self.text(list)
            if list.sweeps.contains(where: { $0.counts.failed > 0 }) || list.workers.contains(where: { $0.failed > 0 }) {
                // What failed, so a refused data set or a broken config shows here with its
                // reason, not only as a count.
                let failures = try await withRetries { () async throws(CoordinatorClientError) in
                    try await client.failures(limit: Self.failuresShown, sweep: sweep)
                }
                text += Self.failuresText(failures.failures)
            }
            print(text, terminator: "")
        }
    }

    /// Recent failures listed under the workers.
    static let failuresShown = 5

    private func printPhase(_ client: CoordinatorClient) async throws {
        let id: String
        if let sweep {
            id = sweep
        } else {
            let list = try await withRetries { () async throws(CoordinatorClientError) in try await client.sweeps() }
            guard list.sweeps.count == 1, let only = list.sweeps.first else {
                throw CLIError("--phase needs a SWEEP (the coordinator has \(list.sweeps.count): \(list.sweeps.map(\.id).joined(separator: ", ")))")
            }
            id = only.id
        }
        let text = try await withRetries { () async throws(CoordinatorClientError) in
            try await client.phase(id, x: x, y: y, facets: facet, metric: metric, format: json ? "json" : "md")
        }
        print(text, terminator: text.hasSuffix("\n") ? "" : "\n")
    }

    /// A table of sweeps and a list of live workers.
    static func text(_ list: StatusList) -> String {
        guard !list.sweeps.isEmpty else { return "no sweeps\n" + workersText(list.workers) }
        let header = ["sweep", "state", "done", "failed", "leased", "pending", "trials/s", "ETA"]
        var rows: [[String]] = [header]
        for s in list.sweeps {
            let c = s.counts
            rows.append([s.id, s.state.rawValue, "\(c.done)/\(s.trials)", "\(c.failed)", "\(c.leased)", "\(c.pending)",
                         String(format: "%.1f", s.throughput), s.eta.map(formatDuration) ?? "-"])
        }
        let widths = header.indices.map { i in rows.map { $0[i].count }.max() ?? 0 }
        var out = ""
        for r in rows {
            out += r.enumerated().map { i, cell in i < 2 ? cell.padding(toLength: widths[i], withPad: " ", startingAt: 0) : cell.leftPadded(widths[i]) }
                .joined(separator: "  ") + "\n"
        }
        return out + adaptiveText(list.sweeps) + workersText(list.workers)
    }

    /// One line per adaptive sweep: its round and trials against the full grid it stands for.
    static func adaptiveText(_ sweeps: [SweepStatus]) -> String {
        var out = ""
        for s in sweeps {
            guard let a = s.adaptive else { continue }
            let saved = a.fullGridTrials > 0 ? 100 * Double(a.fullGridTrials - a.trials) / Double(a.fullGridTrials) : 0
            out += "\(s.id): adaptive round \(a.round) of \(a.rounds), \(a.cells) cells, \(a.trials) trials"
                + (a.finished ? "" : " (at most \(a.mostTrials))")
                + " against \(a.fullGridTrials) for the full grid: " + String(format: "%.0f%% saved", saved) + "\n"
        }
        return out
    }

    static func workersText(_ workers: [WorkerStatus]) -> String {
        guard !workers.isEmpty else { return "workers: none live\n" }
        var out = "workers: \(workers.count) live\n"
        for w in workers.sorted(by: { $0.name < $1.name }) {
            // Its training slots and the leases it holds ready beyond them (the lookahead), as
            // it reports them; an older worker reports neither, and shows what it asked for.
            let prefetch = w.prefetch.map { " + prefetch \($0)" } ?? ""
            out += "  \(w.name)  slots \(w.slots)\(prefetch), leased \(w.leased), done \(w.done), failed \(w.failed), last seen \(w.lastSeen)\n"
        }
        return out
    }

    /// The most recent failure reports, newest first, with their reason.
    static func failuresText(_ failures: [TrialFailure]) -> String {
        guard !failures.isEmpty else { return "" }
        var out = "recent failures:\n"
        for f in failures {
            let what: String
            if f.errorKind == .configuration {
                what = "configuration failure, not retried"
            } else if f.final {
                what = "failed for good"
            } else {
                what = f.attempt.map { a in "attempt \(a)" + (f.maxAttempts.map { " of \($0)" } ?? "") } ?? "failure"
            }
            let error = f.error.replacingOccurrences(of: "\n", with: " ")
            out += "  \(f.trialId.prefix(10))  \(f.sweeps.joined(separator: ","))  \(what)  \(f.worker ?? "operator"): \(error)\n"
        }
        return out
    }


}
