import SweepClient
import ArgumentParser
import Foundation

/// `--coordinator URL` and `--token-file F` (or RELUSWEEP_COORDINATOR / RELUSWEEP_TOKEN), shared
/// by every subcommand that talks to a coordinator.
struct CoordinatorOptions: ParsableArguments {
    @Option(name: .customLong("coordinator"), help: ArgumentHelp(
        "The coordinator's URL, e.g. http://10.0.0.5:8750 (default: $RELUSWEEP_COORDINATOR).", valueName: "URL"))
    var url: String?

    @Option(help: ArgumentHelp("A file holding the coordinator's token (default: $RELUSWEEP_TOKEN).", valueName: "F"))
    var tokenFile: String?

    func endpoint() throws -> CoordinatorEndpoint {
        do {
            return try CoordinatorEndpoint.resolve(url: url, tokenFile: tokenFile)
        } catch {
            throw ValidationError(error.description)
        }
    }

    func client(timeout: Duration = .seconds(30)) throws -> CoordinatorClient {
        CoordinatorClient(endpoint: try endpoint(), timeout: timeout)
    }
}
