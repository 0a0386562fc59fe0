import SweepModel

/// What went wrong talking to a coordinator. `isRetryable` separates outages (back off and
/// try again: nothing is lost) from answers that will not change on retry.
public enum CoordinatorClientError: Error, Sendable, CustomStringConvertible {
    /// No HTTP answer: connection refused or reset, timeout, DNS. The coordinator may be down
    /// or restarting.
    case unreachable(url: String, reason: String)
    /// An HTTP error answer with the coordinator's `{error, detail}` (or the raw text).
    case http(status: Int, url: String, body: ErrorBody)
    /// A 2xx answer whose body is not what the protocol says.
    case badResponse(url: String, reason: String)
    /// A request that cannot be built (bad URL, unencodable body).
    case invalidRequest(String)
    /// The coordinator's TLS certificate is not trusted (unknown CA, wrong host name, expired):
    /// retrying will not help; `--ca-file` or the URL must change.
    case untrusted(url: String, reason: String)

    /// Outages and server-side failures (5xx, 429, 408) are retried; 4xx answers are final.
    public var isRetryable: Bool {
        switch self {
        case .unreachable: true
        case .http(let status, _, _): status >= 500 || status == 429 || status == 408
        case .badResponse, .invalidRequest, .untrusted: false
        }
    }

    /// 401/403: the token is missing or wrong; retrying will not help.
    public var isUnauthorized: Bool {
        if case .http(let status, _, _) = self { return status == 401 || status == 403 }
        return false
    }

    public var status: Int? {
        if case .http(let status, _, _) = self { return status }
        return nil
    }

    public var description: String {
        switch self {
        case .unreachable(let url, let reason):
            return "cannot reach the coordinator at \(url): \(reason) (is `relusweep coordinator` running there? check --coordinator / RELUSWEEP_COORDINATOR)"
        case .http(let status, let url, let body):
            var text = "\(url): HTTP \(status) \(body.error): \(body.detail)"
            if status == 401 || status == 403 {
                text += " (pass the coordinator's token with --token-file FILE or RELUSWEEP_TOKEN)"
            }
            return text
        case .badResponse(let url, let reason):
            return "\(url): unexpected answer: \(reason) (is this a relusweep coordinator of the same version?)"
        case .untrusted(let url, let reason):
            return "cannot trust the coordinator at \(url): \(reason); give --ca-file FILE (or RELUSWEEP_CA_FILE) with the certificate of "
                + "the CA that signed the coordinator's certificate, and check that --coordinator names a host the certificate was made for"
        case .invalidRequest(let m):
            return m
        }
    }
}
