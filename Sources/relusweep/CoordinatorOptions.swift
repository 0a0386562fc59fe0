import SweepClient
import ArgumentParser
import Foundation

/// `--coordinator URL`, `--token-file F` and `--ca-file F` (or RELUSWEEP_COORDINATOR /
/// RELUSWEEP_TOKEN / RELUSWEEP_CA_FILE), shared by every subcommand that talks to a coordinator.
struct CoordinatorOptions: ParsableArguments {
    @Option(name: .customLong("coordinator"), help: ArgumentHelp(
        "The coordinator's URL, e.g. http://10.0.0.5:8750 (default: $RELUSWEEP_COORDINATOR).", valueName: "URL"))
    var url: String?

    @Option(help: ArgumentHelp("A file holding the coordinator's token (default: $RELUSWEEP_TOKEN).", valueName: "F"))
    var tokenFile: String?

    @Option(name: .customLong("ca-file"), help: ArgumentHelp(
        "PEM certificate of the CA that signed an https:// coordinator's certificate, if not a public one (default: $RELUSWEEP_CA_FILE).",
        valueName: "F"))
    var caFile: String?

    func endpoint() throws -> CoordinatorEndpoint {
        do {
            return try CoordinatorEndpoint.resolve(url: url, tokenFile: tokenFile, caFile: caFile)
        } catch {
            throw ValidationError(error.description)
        }
    }

    func client(timeout: Duration = .seconds(30)) throws -> CoordinatorClient {
        CoordinatorClient(endpoint: try endpoint(), timeout: timeout)
    }
}
