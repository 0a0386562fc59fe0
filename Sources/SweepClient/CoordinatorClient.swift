import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOSSL
import Synchronization
import SweepModel

/// The /v1 API of a coordinator (docs/protocol.md) as async calls: what workers, `submit`,
/// `status`, `results` and the embedded `run` use. Every call has a deadline; errors are
/// `CoordinatorClientError` (retryable outages vs final answers). It keeps no state besides the
/// endpoint and uses one process-wide AsyncHTTPClient (a keep-alive connection pool on
/// SwiftNIO's singleton event loops), so it is cheap to copy and needs no shutdown.
public struct CoordinatorClient: Sendable {
    public let endpoint: CoordinatorEndpoint
    /// Deadline of one request (connect + send + answer).
    public var timeout: Duration
    let http: HTTPClient

    /// The client every `CoordinatorClient` uses unless given another: like `HTTPClient.shared`
    /// but failing fast when nothing listens (AsyncHTTPClient would otherwise retry the
    /// connection until its deadline; callers here retry with their own backoff and jitter),
    /// with a 5 s connect timeout. Lives as long as the process, so it is never shut down.
    public static let sharedHTTPClient: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.timeout = HTTPClient.Configuration.Timeout(connect: .seconds(5))
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }()

    /// Answers larger than this are refused (exports stream instead: `download`).
    static let maxBodyBytes = 256 << 20

    /// `http` nil: the shared client, or for an endpoint with a `caFile` the client that
    /// trusts that CA.
    public init(endpoint: CoordinatorEndpoint, timeout: Duration = .seconds(30), http: HTTPClient? = nil) {
        self.endpoint = endpoint
        self.timeout = timeout
        self.http = http ?? Self.httpClient(for: endpoint)
    }

    /// One client per CA file, made on first use, for the life of the process (like the
    /// shared one: never shut down).
    private static let privateCAClients = Mutex<[String: HTTPClient]>([:])

    static func httpClient(for endpoint: CoordinatorEndpoint) -> HTTPClient {
        guard let caFile = endpoint.caFile else { return sharedHTTPClient }
        return privateCAClients.withLock { clients in
            if let existing = clients[caFile] { return existing }
            var tls = TLSConfiguration.makeClientConfiguration()
            // The endpoint checked the file; if it changed since, the handshake says so.
            if let certificates = try? CoordinatorEndpoint.certificates(caFile) {
                tls.trustRoots = .certificates(certificates)
            } else {
                tls.trustRoots = .file(caFile)
            }
            var configuration = HTTPClient.Configuration(tlsConfiguration: tls)
            configuration.connectionPool.retryConnectionEstablishment = false
            configuration.timeout = HTTPClient.Configuration.Timeout(connect: .seconds(5))
            let client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
            clients[caFile] = client
            return client
        }
    }

    // MARK: Sweeps

    /// `POST /v1/sweeps`: submit a grid (idempotent: the same grid adds nothing).
    public func submit(_ spec: GridSpec) async throws(CoordinatorClientError) -> SubmitResponse {
        try await send(.POST, "/v1/sweeps", body: Data(spec.jsonText().utf8))
    }

    /// `GET /v1/sweeps`: every sweep and the live workers.
    public func sweeps() async throws(CoordinatorClientError) -> StatusList {
        try await send(.GET, "/v1/sweeps")
    }

    /// `GET /v1/sweeps/{id}`.
    public func sweep(_ id: String) async throws(CoordinatorClientError) -> SweepStatus {
        try await send(.GET, "/v1/sweeps/\(try Self.pathSegment(id))")
    }

    public enum SweepAction: String, Sendable { case pause, resume, cancel }

    /// `POST /v1/sweeps/{id}/pause|resume|cancel`.
    public func control(_ id: String, _ action: SweepAction) async throws(CoordinatorClientError) -> SweepStatus {
        try await send(.POST, "/v1/sweeps/\(try Self.pathSegment(id))/\(action.rawValue)")
    }

    /// `GET /v1/sweeps/{id}/phase?x=&y=&facet=&metric=&format=`: the live phase table, as the
    /// coordinator renders it (`format` md or json).
    /// `x`/`y` nil: the coordinator's defaults (the grid's default axes, as `axes(_:)` says).
    /// `format: "json"` is a `PhaseTable` (PhaseDiagram's `JSONPhaseRenderer.decode` reads it).
    public func phase(_ id: String, x: String? = nil, y: String? = nil, facets: [String] = [], metric: String? = nil,
                      format: String = "md") async throws(CoordinatorClientError) -> String {
        var query: [(String, String)] = [("format", format)]
        if let x { query.append(("x", x)) }
        if let y { query.append(("y", y)) }
        query += facets.map { ("facet", $0) }
        if let metric { query.append(("metric", metric)) }
        let data = try await raw(.GET, "/v1/sweeps/\(try Self.pathSegment(id))/phase", query: query)
        return String(decoding: data, as: UTF8.self)
    }

    /// `GET /v1/sweeps/{id}/results?format=jsonl|csv`, streamed: `body` gets the answer's bytes
    /// in order (an export of a million trials never sits in memory). Transport and HTTP
    /// failures throw `CoordinatorClientError`; an error thrown by `body` (a full disk, a closed
    /// pipe) is rethrown as it is.
    public func download(results id: String, format: String,
                         _ body: (Data) async throws -> Void) async throws {
        let path = "/v1/sweeps/\(try Self.pathSegment(id))/results"
        let request = try makeRequest(.GET, path, query: [("format", format)], body: nil)
        let url = request.url
        let response: HTTPClientResponse
        do {
            // An export may take a while; the deadline covers the whole transfer.
            response = try await http.execute(request, deadline: .now() + .seconds(3600))
            guard (200..<300).contains(Int(response.status.code)) else {
                let data = try await response.body.collect(upTo: 1 << 20)
                throw Self.httpError(status: Int(response.status.code), url: url, body: Data(data.readableBytesView))
            }
        } catch let e as CoordinatorClientError {
            throw e
        } catch {
            throw Self.transportError(error, url: url)
        }
        var iterator = response.body.makeAsyncIterator()
        while true {
            let chunk: ByteBuffer?
            do { chunk = try await iterator.next() } catch { throw Self.transportError(error, url: url) }
            guard let chunk else { return }
            try await body(Data(chunk.readableBytesView))
        }
    }

    /// `GET /v1/sweeps/{id}/axes`: the keys a phase diagram of the sweep can use, and the default.
    public func axes(_ id: String) async throws(CoordinatorClientError) -> SweepAxes {
        try await send(.GET, "/v1/sweeps/\(try Self.pathSegment(id))/axes")
    }

    /// `GET /v1/workers[?all=true]`: the live workers (every worker ever seen with `all`).
    public func workers(all: Bool = false) async throws(CoordinatorClientError) -> WorkerList {
        try await send(.GET, "/v1/workers", query: all ? [("all", "true")] : [])
    }

    /// `GET /v1/events?after=&limit=`: the event log after `after`; pass `next` to follow.
    public func events(after: Int64 = 0, limit: Int = 1000) async throws(CoordinatorClientError) -> EventList {
        try await send(.GET, "/v1/events", query: [("after", String(after)), ("limit", String(limit))])
    }

    /// `GET /v1/failures?limit=&sweep=`: the most recent failure reports, newest first.
    public func failures(limit: Int = 50, sweep: String? = nil) async throws(CoordinatorClientError) -> FailureList {
        try await send(.GET, "/v1/failures", query: [("limit", String(limit))] + (sweep.map { [("sweep", $0)] } ?? []))
    }

    /// `POST /v1/trials/{trialId}/fail`: marks a trial failed (an operator's decision).
    public func fail(trial trialId: String, error: String) async throws(CoordinatorClientError) -> FailResponse {
        try await send(.POST, "/v1/trials/\(try Self.pathSegment(trialId))/fail", body: try Self.encode(FailRequest(error: error)))
    }

    /// `GET /healthz` as its body.
    public func health() async throws(CoordinatorClientError) -> Health {
        try await send(.GET, "/healthz")
    }

    /// `GET /v1/info`: protocol version, lease length and limits.
    public func info() async throws(CoordinatorClientError) -> CoordinatorInfo {
        try await send(.GET, "/v1/info")
    }

    /// `GET /healthz`: true when the coordinator answers 2xx.
    public func healthy() async -> Bool {
        do {
            _ = try await raw(.GET, "/healthz", deadline: .seconds(5))
            return true
        } catch {
            return false
        }
    }

    // MARK: Leases and results (workers)

    /// `POST /v1/leases`: up to `slots` trials.
    public func lease(_ request: LeaseRequest) async throws(CoordinatorClientError) -> LeaseResponse {
        try await send(.POST, "/v1/leases", body: try Self.encode(request))
    }

    /// `POST /v1/leases/heartbeat`: renews a worker's leases (one answer per id, in order).
    public func heartbeat(_ request: HeartbeatRequest) async throws(CoordinatorClientError) -> HeartbeatResponse {
        try await send(.POST, "/v1/leases/heartbeat", body: try Self.encode(request))
    }

    /// `POST /v1/leases/release`: gives trials back (shutdown); they are pending at once.
    public func release(_ request: ReleaseRequest) async throws(CoordinatorClientError) -> ReleaseResponse {
        try await send(.POST, "/v1/leases/release", body: try Self.encode(request))
    }

    /// `POST /v1/results`: a batch; acknowledged after the coordinator's SQLite commit.
    public func post(_ batch: ResultBatch) async throws(CoordinatorClientError) -> ResultAck {
        try await send(.POST, "/v1/results", body: try Self.encode(batch))
    }

    // MARK: Plumbing

    func send<T: Decodable>(_ method: HTTPMethod, _ path: String, query: [(String, String)] = [],
                            body: Data? = nil) async throws(CoordinatorClientError) -> T {
        let data = try await raw(method, path, query: query, body: body)
        do {
            return try JSONDecoder().decode(T.self, from: data)
        } catch {
            throw .badResponse(url: endpoint.baseURL + path, reason: "cannot decode \(T.self): \(error)")
        }
    }

    func raw(_ method: HTTPMethod, _ path: String, query: [(String, String)] = [], body: Data? = nil,
             deadline: Duration? = nil) async throws(CoordinatorClientError) -> Data {
        let request = try makeRequest(method, path, query: query, body: body)
        let url = request.url
        do {
            let response = try await http.execute(request, timeout: Self.timeAmount(deadline ?? timeout))
            let buffer = try await response.body.collect(upTo: Self.maxBodyBytes)
            let data = Data(buffer.readableBytesView)
            guard (200..<300).contains(Int(response.status.code)) else {
                throw Self.httpError(status: Int(response.status.code), url: url, body: data)
            }
            return data
        } catch let e as CoordinatorClientError {
            throw e
        } catch {
            throw Self.transportError(error, url: url)
        }
    }

    func makeRequest(_ method: HTTPMethod, _ path: String, query: [(String, String)], body: Data?) throws(CoordinatorClientError) -> HTTPClientRequest {
        var url = endpoint.baseURL + path
        if !query.isEmpty {
            var components = URLComponents()
            components.queryItems = query.map { URLQueryItem(name: $0.0, value: $0.1) }
            url += "?" + (components.percentEncodedQuery ?? "")
        }
        var request = HTTPClientRequest(url: url)
        request.method = method
        request.headers.add(name: "Accept", value: "application/json")
        request.headers.add(name: "User-Agent", value: "relusweep/\(SweepModel.version)")
        if let token = endpoint.token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        return request
    }

    static func encode<T: Encodable>(_ value: T) throws(CoordinatorClientError) -> Data {
        do {
            return try JSONEncoder().encode(value)
        } catch {
            throw .invalidRequest("cannot encode \(T.self) as JSON: \(error)")
        }
    }

    static func httpError(status: Int, url: String, body: Data) -> CoordinatorClientError {
        if let e = try? JSONDecoder().decode(ErrorBody.self, from: body) {
            return .http(status: status, url: url, body: e)
        }
        let text = String(decoding: body.prefix(500), as: UTF8.self)
        return .http(status: status, url: url, body: ErrorBody(error: "http_\(status)", detail: text.isEmpty ? "(no body)" : text))
    }

    static func transportError(_ error: any Error, url: String) -> CoordinatorClientError {
        if let e = error as? HTTPClientError {
            if e == .invalidURL || e == .emptyHost || e == .emptyScheme {
                return .invalidRequest("invalid coordinator URL \(url): \(e)")
            }
        }
        if error is NIOTooManyBytesError {
            return .badResponse(url: url, reason: "the answer is larger than \(maxBodyBytes) bytes")
        }
        if error is CancellationError { return .unreachable(url: url, reason: "cancelled") }
        let text = String(describing: error)
        if let reason = tlsTrustProblem(error, text: text) { return .untrusted(url: url, reason: reason) }
        if url.hasPrefix("https://"), text.contains("WRONG_VERSION_NUMBER") || text.contains("wrong version number") {
            return .unreachable(url: url, reason: "the TLS handshake failed: the server does not speak TLS (is the coordinator started with --tls-cert? else use http://)")
        }
        // NIO's texts are long ("connection reset (error set): Connection refused) (errno: 111)").
        if text.contains("Connection refused") { return .unreachable(url: url, reason: "connection refused") }
        if let e = error as? HTTPClientError {
            if e == .deadlineExceeded || e == .readTimeout { return .unreachable(url: url, reason: "no answer in time") }
            if e == .connectTimeout { return .unreachable(url: url, reason: "connection timed out") }
            if e == .remoteConnectionClosed {
                return .unreachable(url: url, reason: url.hasPrefix("http://")
                    ? "the connection was closed (if the coordinator serves HTTPS, use https://)" : "the connection was closed")
            }
        }
        return .unreachable(url: url, reason: text)
    }

    /// Why a TLS handshake failed because the coordinator's certificate is not trusted, or nil
    /// for any other failure.
    static func tlsTrustProblem(_ error: any Error, text: String) -> String? {
        if let e = error as? NIOSSLExtraError, e == .failedToValidateHostname {
            return "its certificate is not for this host name (\(e))"
        }
        let lower = text.lowercased()
        if lower.contains("certificate_verify_failed") || lower.contains("certificate verify failed") {
            return "its TLS certificate is not signed by a trusted CA (certificate verify failed)"
        }
        if lower.contains("certificate has expired") || lower.contains("certificate_expired") {
            return "its TLS certificate has expired"
        }
        return nil
    }

    /// A sweep id in a URL path: sweep names are URL-safe by construction, anything else is
    /// refused here rather than sent.
    static func pathSegment(_ id: String) throws(CoordinatorClientError) -> String {
        if let problem = SweepName.problem(id) { throw .invalidRequest("sweep '\(id)': \(problem)") }
        return id
    }

    static func timeAmount(_ d: Duration) -> TimeAmount {
        let (s, atto) = d.components
        return .nanoseconds(s * 1_000_000_000 + atto / 1_000_000_000)
    }
}
