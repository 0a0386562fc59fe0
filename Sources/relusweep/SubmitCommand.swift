import SweepClient
import ArgumentParser
import Foundation
import SweepModel

/// `relusweep submit FILE [-s ...] --coordinator URL --token-file F [--json]`.
struct SubmitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "submit",
        abstract: "Submit a grid to a coordinator (idempotent: only trials it lacks are added).",
        discussion: """
            The grid is read and validated here (errors name your file), then sent as JSON. \
            The sweep is named by the grid's name: submitting the same grid again adds \
            nothing, more seeds or axis values add only the new trials. \
            --json prints {"sweepId": ..., "trials": N, "new": K}.
            """)

    @OptionGroup var grid: GridArguments
    @OptionGroup var coordinator: CoordinatorOptions

    @Flag(help: "Print one JSON object: {\"sweepId\", \"trials\", \"new\"}.")
    var json = false

    func run() async throws {
        let spec = try grid.load()
        let client = try coordinator.client(timeout: .seconds(600))
        let response: SubmitResponse
        do {
            response = try await withRetries { () async throws(CoordinatorClientError) in try await client.submit(spec) }
        } catch {
            throw CLIError(error.description)
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            print(String(decoding: try encoder.encode(response), as: UTF8.self))
        } else {
            print("sweep \(response.sweepId): \(response.trials) trials, \(response.new) new")
        }
    }
}
