import ArgumentParser
import Foundation
import SweepClient
import SweepModel

/// `relusweep pause|resume|cancel SWEEP --coordinator URL --token-file F [--json]`: the sweep
/// controls of the API (`POST /v1/sweeps/{id}/pause|resume|cancel`) and the dashboard.
struct SweepControlOptions: ParsableArguments {
    @Argument(help: "The sweep (its grid's name).")
    var sweep: String

    @OptionGroup var coordinator: CoordinatorOptions

    @Flag(help: "Print the sweep's status as JSON (as GET /v1/sweeps/{id}).")
    var json = false

    func validate() throws {
        if let p = SweepName.problem(sweep) { throw ValidationError("SWEEP: \(p)") }
    }

    func apply(_ action: CoordinatorClient.SweepAction) async throws {
        let client = try coordinator.client()
        let status: SweepStatus
        do {
            status = try await withRetries { () async throws(CoordinatorClientError) in try await client.control(sweep, action) }
        } catch {
            throw CLIError(error.description)
        }
        if json {
            print(try jsonString(status))
        } else {
            let c = status.counts
            print("sweep \(status.id): \(status.state.rawValue); \(c.done) done, \(c.failed) failed, \(c.leased) leased, \(c.pending) pending")
        }
    }
}

struct PauseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pause",
        abstract: "Pause a sweep: no new leases; trials in progress finish and are recorded.",
        discussion: "Resume it with `relusweep resume SWEEP`. A finished sweep stays finished; pausing a cancelled one is refused (409).")

    @OptionGroup var options: SweepControlOptions

    func run() async throws { try await options.apply(.pause) }
}

struct ResumeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resume",
        abstract: "Resume a paused or cancelled sweep: its pending trials are leased again (finished if none remain).")

    @OptionGroup var options: SweepControlOptions

    func run() async throws { try await options.apply(.resume) }
}

struct CancelCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cancel",
        abstract: "Cancel a sweep: no new leases, workers are told to stop its trials; results are kept.",
        discussion: "Trials another running or paused sweep holds go on. `relusweep resume SWEEP` or submitting the grid again runs it again.")

    @OptionGroup var options: SweepControlOptions

    func run() async throws { try await options.apply(.cancel) }
}
