import AsyncHTTPClient
import Coordinator
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import ReLUCore
import SweepModel

/// A coordinator in this process over a fresh database, and a client with enough connections
/// for every simulated worker.
struct BenchCoordinator {
    let coordinator: Coordinator
    let url: String
    let client: HTTPClient
    let directory: URL
    let served: Task<Void, any Error>
    static let token = "bench-token-0000"

    static func start(directory: String, connections: Int) async throws -> BenchCoordinator {
        let dir = URL(fileURLWithPath: directory).appendingPathComponent("relusweep-sweepbench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        var logger = Logger(label: "sweepbench")
        logger.logLevel = .warning
        let coordinator = try Coordinator(configuration: CoordinatorConfiguration(
            databasePath: dir.appendingPathComponent("bench.sqlite").path, token: try BearerToken(token),
            leaseSeconds: 3600), logger: logger)
        let served = Task { try await coordinator.run() }
        let url = try await coordinator.url()
        var config = HTTPClient.Configuration()
        config.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: connections)
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: config)
        return BenchCoordinator(coordinator: coordinator, url: url, client: client, directory: dir, served: served)
    }

    func stop() async throws {
        try await client.shutdown()
        await coordinator.shutdown()
        try await served.value
        try? FileManager.default.removeItem(at: directory)
    }

    /// POSTs `body` and returns the answer's bytes; anything but 200 throws.
    func post(_ path: String, _ body: ByteBuffer) async throws -> Data {
        var request = HTTPClientRequest(url: url + path)
        request.method = .POST
        request.headers.add(name: "Authorization", value: "Bearer \(Self.token)")
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(body)
        let response = try await client.execute(request, timeout: .seconds(60))
        let bytes = try await response.body.collect(upTo: 64 << 20)
        guard response.status == .ok else {
            throw BenchError("POST \(path): HTTP \(response.status.code): \(String(buffer: bytes))")
        }
        return Data(bytes.readableBytesView)
    }

    func submit(name: String, trials: Int) async throws {
        let grid = #"{"name":"\#(name)","base":{"model":"single","dataset":"relu1d","steps":0},"seeds":\#(trials)}"#
        _ = try await post("/v1/sweeps", ByteBuffer(string: grid))
    }

    func lease(worker: String, slots: Int) async throws -> LeaseResponse {
        let body = try JSONEncoder().encode(LeaseRequest(worker: worker, slots: slots, host: "bench"))
        return try JSONDecoder().decode(LeaseResponse.self, from: await post("/v1/leases", ByteBuffer(bytes: body)))
    }

    /// Metrics of a zero-step trial: valid and small.
    static let trivialMetrics: TrialMetrics = {
        let json = """
            {"collapsed":false,"collapsedInit":false,"deadFraction":0,"deadFractionInit":0,"deadFractionPerLayer":[0],
             "deadFractionPerLayerInit":[0],"deadUnits":0,"diverged":false,"normalizedTestMSE":1,"normalizedTrainMSE":1,
             "normalizedTrainMSEInit":1,"parameterCount":3,"skippedSteps":0,"stepsPerSecond":0,"stepsRun":0,
             "stopReason":"completed","totalUnits":1,"wallSeconds":0}
            """
        // A literal that is valid TrialMetrics JSON; failing to decode it is a programming error.
        return try! JSONDecoder().decode(TrialMetrics.self, from: Data(json.utf8))
    }()

    static func result(_ g: LeaseGrant, worker: String) -> ResultItem {
        ResultItem(leaseId: g.leaseId, epoch: g.epoch, trialId: g.trialId, metrics: trivialMetrics,
                   provenance: Provenance(worker: worker, host: "bench"))
    }
}

struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}

func seconds(_ d: Duration) -> Double {
    Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
}
