import AsyncHTTPClient
import Coordinator
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import ReLUCore
import SweepModel
import SweepStore
import Synchronization

/// A real coordinator on 127.0.0.1 (a free port) over a real SQLite file in a temporary
/// directory, with AsyncHTTPClient as the client. Its log lines are captured (debug level) so
/// tests can check what is logged.
final class TestServer: Sendable {
    static let defaultToken = "test-token-6f1c2a9e"

    let dir: URL
    let coordinator: Coordinator
    let url: String
    let token: String?
    let logs: LogCapture
    private let served: Task<Void, any Error>

    var store: SweepStore { coordinator.store }
    var dbPath: String { coordinator.configuration.databasePath }

    private init(dir: URL, coordinator: Coordinator, url: String, token: String?, logs: LogCapture, served: Task<Void, any Error>) {
        self.dir = dir
        self.coordinator = coordinator
        self.url = url
        self.token = token
        self.logs = logs
        self.served = served
    }

    /// Starts a coordinator, runs `body` with it, then shuts it down and removes its files.
    static func with<T: Sendable>(token: String? = defaultToken, dir: URL? = nil,
                                  configure: (inout CoordinatorConfiguration) -> Void = { _ in },
                                  _ body: (TestServer) async throws -> T) async throws -> T {
        let server = try await start(token: token, dir: dir, configure: configure)
        do {
            let result = try await body(server)
            try await server.stop(removeFiles: dir == nil)
            return result
        } catch {
            try? await server.stop(removeFiles: dir == nil)
            throw error
        }
    }

    static func start(token: String? = defaultToken, dir: URL? = nil,
                      configure: (inout CoordinatorConfiguration) -> Void = { _ in }) async throws -> TestServer {
        let dir = dir ?? Self.makeTemporaryDirectory()
        var config = CoordinatorConfiguration(databasePath: dir.appendingPathComponent("sweeps.sqlite").path,
                                              host: "127.0.0.1", port: 0, token: try token.map { try BearerToken($0) })
        configure(&config)
        let logs = LogCapture()
        let coordinator = try Coordinator(configuration: config, logger: logs.logger())
        let served = Task { try await coordinator.run() }
        let url: String
        do { url = try await coordinator.url() } catch {
            served.cancel()
            throw error
        }
        return TestServer(dir: dir, coordinator: coordinator, url: url, token: token, logs: logs, served: served)
    }

    static func makeTemporaryDirectory() -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("coordinator-test-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    /// Graceful shutdown; waits for `run` to return (the store is closed then).
    func stop(removeFiles: Bool = true) async throws {
        await coordinator.shutdown()
        try await served.value
        if removeFiles { try? FileManager.default.removeItem(at: dir) }
    }

    // MARK: HTTP

    enum Auth: Sendable {
        case server
        case none
        case bearer(String)
        case header(String)
    }

    func request(_ method: HTTPMethod, _ path: String, body: [UInt8]? = nil, auth: Auth = .server,
                 contentType: String? = "application/json", headers extra: [(String, String)] = []) async throws -> Reply {
        var request = HTTPClientRequest(url: url + path)
        request.method = method
        switch auth {
        case .server: if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        case .none: break
        case .bearer(let t): request.headers.add(name: "Authorization", value: "Bearer \(t)")
        case .header(let h): request.headers.add(name: "Authorization", value: h)
        }
        if let body {
            if let contentType { request.headers.add(name: "Content-Type", value: contentType) }
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        for (name, value) in extra { request.headers.add(name: name, value: value) }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let buffer = try await response.body.collect(upTo: 64 << 20)
        return Reply(status: Int(response.status.code), headers: response.headers, body: Array(buffer.readableBytesView))
    }

    func get(_ path: String, auth: Auth = .server) async throws -> Reply {
        try await request(.GET, path, auth: auth)
    }

    func post(_ path: String, json: String, auth: Auth = .server) async throws -> Reply {
        try await request(.POST, path, body: Array(json.utf8), auth: auth)
    }

    func post<T: Encodable>(_ path: String, _ value: T, auth: Auth = .server) async throws -> Reply {
        try await request(.POST, path, body: Array(try JSONEncoder().encode(value)), auth: auth)
    }

    // MARK: Protocol steps that must succeed

    func submit(_ gridJSON: String) async throws -> SubmitResponse {
        try await post("/v1/sweeps", json: gridJSON).decode(SubmitResponse.self)
    }

    func lease(worker: String = "w1", slots: Int = 8) async throws -> LeaseResponse {
        try await post("/v1/leases", LeaseRequest(worker: worker, slots: slots, host: "host-a")).decode(LeaseResponse.self)
    }

    func record(_ items: [ResultItem]) async throws -> ResultAck {
        try await post("/v1/results", ResultBatch(results: items)).decode(ResultAck.self)
    }
}

/// An HTTP answer.
struct Reply: Sendable {
    let status: Int
    let headers: HTTPHeaders
    let body: [UInt8]

    var text: String { String(decoding: body, as: UTF8.self) }

    struct UnexpectedStatus: Error, CustomStringConvertible {
        let status: Int
        let body: String
        var description: String { "HTTP \(status): \(body)" }
    }

    /// Decodes a 200 answer; any other status throws with the body.
    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        guard status == 200 else { throw UnexpectedStatus(status: status, body: text) }
        return try JSONDecoder().decode(T.self, from: Data(body))
    }

    /// The `ErrorBody` of an error answer, if it is one.
    var error: ErrorBody? { try? JSONDecoder().decode(ErrorBody.self, from: Data(body)) }
}

/// Log lines of a coordinator, kept in memory.
final class LogCapture: Sendable {
    private let lines = Mutex<[String]>([])

    func logger() -> Logger {
        var logger = Logger(label: "test.coordinator") { _ in Handler(capture: self) }
        logger.logLevel = .debug
        return logger
    }

    func append(_ line: String) { lines.withLock { $0.append(line) } }
    var all: [String] { lines.withLock { $0 } }

    struct Handler: LogHandler {
        let capture: LogCapture
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .debug

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let merged = metadata.merging(event.metadata ?? [:]) { $1 }
            let meta = merged.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
            capture.append("\(event.level) \(meta) \(event.message)")
        }
    }
}
