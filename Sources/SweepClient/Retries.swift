/// Retries a request a few times when the coordinator is unreachable or answers 5xx (a
/// coordinator restarting), then gives up with its error. For one-shot commands; workers
/// retry forever.
public func withRetries<T>(attempts: Int = 4, _ body: () async throws(CoordinatorClientError) -> T) async throws(CoordinatorClientError) -> T {
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
