import Coordinator
import Foundation
import SweepModel
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Issue 16, point 2: many slow clients (heads or bodies a byte at a time) are cut off by the
/// header and body timeouts while real work goes on, and connections past `--max-connections`
/// are answered 503 and closed. (Throughput under this load is measured by `make faults`, not
/// here: no times in unit tests.)
@Suite(.serialized, .timeLimit(.minutes(2)))
struct SlowClientTests {
    @Test func fiveHundredTricklingClientsAreClosedByTheTimeoutsWhileWorkGoesOn() async throws {
        try await TestServer.with(configure: { $0.headerTimeout = 2; $0.bodyTimeout = 2; $0.leaseSeconds = 3600 }) { server in
            _ = try await server.submit(TestData.grid("slow", std: [0.1, 0.3, 1, 3], momentum: [0, 0.5, 0.9], seeds: 10))
            let port = try await server.coordinator.port()
            let heads = "POST /v1/leases HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(TestServer.defaultToken)\r\nContent-Type: application/json\r\n"
            // 250 send their head a byte at a time; 250 a whole head and then a body of 100
            // bytes a byte at a time (to a route that reads it, and to one that does not).
            var scripts: [[UInt8]] = Array(repeating: Array((heads + "X-Slow: " + String(repeating: "s", count: 400) + "\r\n\r\n").utf8), count: 250)
            for i in 0..<250 {
                let path = i % 2 == 0 ? "/v1/leases" : "/v1/no-such-route"
                let head = "POST \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(TestServer.defaultToken)\r\n"
                    + "Content-Type: application/json\r\nContent-Length: 100\r\n\r\n"
                scripts.append(Array(head.utf8) + Array(repeating: UInt8(ascii: " "), count: 100))
            }
            let clients = try #require(SlowClients(port: port, scripts: scripts, bodyStart: (0..<500).map { $0 < 250 ? 16 : scripts[$0].count - 100 }))
            // On a thread of its own: a blocking loop on the cooperative pool would starve the
            // other suites' servers and clients.
            let trickle = Task {
                await withCheckedContinuation { c in
                    Thread.detachNewThread { c.resume(returning: clients.run(interval: 0.2, seconds: 30)) }
                }
            }
            // Real work meanwhile: lease and record, over HTTP, until every slow client is gone.
            var rounds = 0
            var roundsWhileOpen = 0
            while (!clients.allClosed || rounds < 10) && rounds < 400 {
                if !clients.allClosed { roundsWhileOpen += 1 }
                let grants = try await server.lease(worker: "busy", slots: 1).leases
                if let g = grants.first {
                    #expect(try await server.record([TestData.result(g, worker: "busy")]).results.first?.status == .stored)
                }
                #expect(try await server.get("/healthz").status == 200)
                rounds += 1
                try await Task.sleep(for: .milliseconds(25))
            }
            let outcome = await trickle.value
            #expect(outcome.closedByServer == 500, "\(outcome)")
            // Each was answered 408 (a head that never finished, a body that did not arrive in
            // time) or, for the route that takes no body, 404 and then closed when the body's
            // time was up. A client that keeps sending after the answer may get a reset at the
            // close, which can discard the answer before it read it (no status then); nothing
            // else is allowed.
            #expect(Set(outcome.statuses).isSubset(of: ["HTTP/1.1 408 Request Timeout", "HTTP/1.1 404 Not Found", ""]), "\(outcome.statusCounts)")
            #expect(outcome.statuses[..<250].allSatisfy { !$0.hasPrefix("HTTP/1.1 404") })
            #expect(roundsWhileOpen >= 1)
            #expect(try await server.store.checkInvariants() == [])
        }
    }

    @Test func connectionsPastTheLimitAre503AndClosedThenServedAgain() async throws {
        try await TestServer.with(configure: { $0.maxConnections = 40; $0.headerTimeout = 60 }) { server in
            let port = try await server.coordinator.port()
            let held = (0..<40).compactMap { _ in RawConnection(port: port) }
            #expect(held.count == 40)
            // Let the server count them.
            try await Task.sleep(for: .milliseconds(300))
            for _ in 0..<10 {
                let extra = try #require(RawConnection(port: port))
                defer { extra.close() }
                _ = await extra.sendAll(Array("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n".utf8), timeoutSeconds: 5)
                let answer = await extra.readAnswer(timeoutSeconds: 10)
                #expect(answer.statusLine.hasPrefix("HTTP/1.1 503"), "\(answer.statusLine)")
                #expect(answer.text.contains("Retry-After: 1") && answer.text.contains("--max-connections"), "\(answer.text)")
                #expect(await extra.readToEnd(timeoutSeconds: 5) == .closed)
            }
            for c in held { c.close() }
            // Once they are gone, requests are served again.
            var status = 0
            var notServed = 0  // attempts made before the server saw the closes: refused too
            for _ in 0..<50 where status != 200 {
                status = (try? await server.get("/healthz").status) ?? 0
                if status != 200 { notServed += 1; try await Task.sleep(for: .milliseconds(100)) }
            }
            #expect(status == 200)
            let metrics = try await server.get("/metrics").text
            let refused = metrics.split(separator: "\n").first { $0.hasPrefix("relusweep_http_connections_refused_total ") }
                .flatMap { Double($0.split(separator: " ").last ?? "") } ?? -1
            #expect(refused >= 10 && refused <= Double(10 + notServed),
                    "refused \(refused), not served while recovering \(notServed): \(metrics.split(separator: "\n").filter { $0.contains("connections") })")
        }
    }

    @Test func aClientThatConnectsAndSendsNothingIsClosedByTheHeaderTimeout() async throws {
        try await TestServer.with(configure: { $0.headerTimeout = 1 }) { server in
            let port = try await server.coordinator.port()
            let silent = try #require(RawConnection(port: port))
            defer { silent.close() }
            #expect(await silent.readToEnd(timeoutSeconds: 10) == .closed)
            // A keep-alive connection between requests is not cut by it (idle timeout instead).
            let kept = try #require(RawConnection(port: port))
            defer { kept.close() }
            for _ in 0..<3 {
                _ = await kept.sendAll(Array("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n".utf8), timeoutSeconds: 5)
                #expect(await kept.readAnswer(timeoutSeconds: 5).statusLine.hasPrefix("HTTP/1.1 200"))
                try await Task.sleep(for: .milliseconds(1500))
            }
        }
    }

    @Test func limitsAreValidatedWithTheFlagsName() {
        let cases: [(CoordinatorConfiguration, String)] = [
            (CoordinatorConfiguration(databasePath: "/tmp/x.sqlite", maxConnections: 0), "--max-connections"),
            (CoordinatorConfiguration(databasePath: "/tmp/x.sqlite", headerTimeout: 0), "--header-timeout-seconds"),
            (CoordinatorConfiguration(databasePath: "/tmp/x.sqlite", bodyTimeout: 7200), "--body-timeout-seconds"),
        ]
        for (configuration, flag) in cases {
            #expect {
                try configuration.validate()
            } throws: { e in
                (e as? CoordinatorError)?.description.contains(flag) == true
            }
        }
    }
}

/// Many raw connections, each sending its script one byte per tick, read without blocking.
/// Runs on its own thread (never the cooperative pool), bounded in ticks and time.
final class SlowClients: @unchecked Sendable {
    struct Outcome: Sendable, CustomStringConvertible {
        var closedByServer = 0
        var statuses: [String] = []
        var stillOpen = 0
        var statusCounts: [String: Int] { statuses.reduce(into: [:]) { $0[String($1.prefix(12)), default: 0] += 1 } }
        var description: String { "closed by server \(closedByServer), still open \(stillOpen), statuses \(statusCounts)" }
    }

    private var fds: [Int32]
    private let scripts: [[UInt8]]
    private var sent: [Int]
    private var received: [[UInt8]]
    private var closed: [Bool]
    private let lock = NSLock()
    private var done = false

    /// `bodyStart[i]`: bytes of script i sent at once (a whole head, or the start of one); the rest trickle.
    init?(port: Int, scripts: [[UInt8]], bodyStart: [Int]) {
        self.scripts = scripts
        fds = []
        for _ in scripts {
            guard let c = RawConnection(port: port) else { return nil }
            fds.append(c.fd)
        }
        sent = Array(repeating: 0, count: scripts.count)
        received = Array(repeating: [], count: scripts.count)
        closed = Array(repeating: false, count: scripts.count)
        for i in scripts.indices where bodyStart[i] > 0 {
            let n = scripts[i].withUnsafeBytes { Glibc.send(fds[i], $0.baseAddress, bodyStart[i], Int32(MSG_NOSIGNAL)) }
            sent[i] = max(0, n)
        }
    }

    var allClosed: Bool { lock.withLock { done || closed.allSatisfy { $0 } } }

    func run(interval: Double, seconds: Double) -> Outcome {
        let deadline = Date().addingTimeInterval(seconds)
        var buf = [UInt8](repeating: 0, count: 4096)
        while Date() < deadline {
            for i in fds.indices where !lock.withLock({ closed[i] }) {
                while true {
                    let n = buf.withUnsafeMutableBytes { recv(fds[i], $0.baseAddress, $0.count, Int32(MSG_DONTWAIT)) }
                    if n > 0 { received[i] += buf[0..<n]; continue }
                    if n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
                        lock.withLock { closed[i] = true }
                    }
                    break
                }
                if !lock.withLock({ closed[i] }), sent[i] < scripts[i].count {
                    let n = scripts[i].withUnsafeBytes { Glibc.send(fds[i], $0.baseAddress! + sent[i], 1, Int32(MSG_NOSIGNAL | MSG_DONTWAIT)) }
                    if n > 0 { sent[i] += n }
                }
            }
            if lock.withLock({ closed.allSatisfy { $0 } }) { break }
            Thread.sleep(forTimeInterval: interval)
        }
        lock.withLock { done = true }
        for fd in fds { Glibc.close(fd) }
        var outcome = Outcome()
        outcome.closedByServer = closed.filter { $0 }.count
        outcome.stillOpen = closed.count - outcome.closedByServer
        outcome.statuses = received.map { String(decoding: $0.prefix { $0 != 0x0D }, as: UTF8.self) }
        return outcome
    }
}
