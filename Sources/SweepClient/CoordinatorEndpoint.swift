import Foundation

/// Where a coordinator listens and the token that authorizes mutating requests. Read from
/// `--coordinator URL` / `--token-file F`, or `RELUSWEEP_COORDINATOR` / `RELUSWEEP_TOKEN`.
public struct CoordinatorEndpoint: Sendable, Hashable {
    /// Base URL without a trailing slash, e.g. `http://10.0.0.5:8750`.
    public let baseURL: String
    /// Bearer token, or nil (a loopback coordinator may run without one).
    public let token: String?

    public static let urlVariable = "RELUSWEEP_COORDINATOR"
    public static let tokenVariable = "RELUSWEEP_TOKEN"

    /// `url` must be http(s)://host[:port][/prefix]; a bare `host:port` gets `http://`.
    public init(url: String, token: String?) throws(CoordinatorClientError) {
        var text = url.trimmingCharacters(in: .whitespacesAndNewlines)
        if !text.contains("://") { text = "http://" + text }
        while text.hasSuffix("/") { text.removeLast() }
        guard let parsed = URL(string: text), let scheme = parsed.scheme?.lowercased(), scheme == "http" || scheme == "https",
              let host = parsed.host, !host.isEmpty else {
            throw .invalidRequest("--coordinator: expected a URL like http://HOST:PORT, got '\(url)'")
        }
        baseURL = text
        let t = token?.trimmingCharacters(in: .whitespacesAndNewlines)
        self.token = (t?.isEmpty ?? true) ? nil : t
    }

    /// The endpoint from flags, falling back to the environment. `tokenFile` wins over
    /// `RELUSWEEP_TOKEN`; the file's surrounding whitespace is ignored.
    public static func resolve(url: String?, tokenFile: String?,
                               environment: [String: String] = ProcessInfo.processInfo.environment) throws(CoordinatorClientError) -> CoordinatorEndpoint {
        guard let u = url ?? environment[urlVariable], !u.isEmpty else {
            throw .invalidRequest("no coordinator: pass --coordinator URL or set \(urlVariable)")
        }
        var token: String? = environment[tokenVariable]
        if let tokenFile {
            guard let data = FileManager.default.contents(atPath: tokenFile) else {
                throw .invalidRequest("--token-file \(tokenFile): cannot read the file")
            }
            guard let text = String(data: data, encoding: .utf8) else {
                throw .invalidRequest("--token-file \(tokenFile): not UTF-8 text")
            }
            token = text
        }
        return try CoordinatorEndpoint(url: u, token: token)
    }
}
