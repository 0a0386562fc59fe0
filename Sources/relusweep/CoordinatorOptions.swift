import ArgumentParser
import Foundation
import Worker

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

/// Retries a request a few times when the coordinator is unreachable or answers 5xx (a
/// coordinator restarting), then gives up with its error. For one-shot commands; workers
/// retry forever.
func withRetries<T>(attempts: Int = 4, _ body: () async throws(CoordinatorClientError) -> T) async throws(CoordinatorClientError) -> T {
    let backoff = Backoff(initialDelay: 0.5, maxDelay: 4)
    var failures = 0
    while true {
        do {
            return try await body()
        } catch {
            failures += 1
            guard error.isRetryable, failures < attempts else { throw error }
            try? await Task.sleep(for: .seconds(backoff.delay(failures: failures)))
        }
    }
}
