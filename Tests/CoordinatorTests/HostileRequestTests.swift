import Foundation
import NIOHTTP1
import SweepModel
import SweepStore
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Hand-written hostile requests (issue 6) beyond BadInputTests: every truncation of valid
/// bodies, deep nesting, NaN/Infinity and huge numbers, percent-encoded path traversal, replayed
/// and forged leases and epochs, unicode and NUL in names, empty bodies, broken HTTP and
/// slow-loris connections. Always: no 5xx, and nothing stored changes unless the request was
/// valid.
@Suite(.timeLimit(.minutes(2)))
struct HostileRequestTests {
    struct Fixture {
        var server: TestServer
        var done: LeaseGrant
        var failed: LeaseGrant
        var live: LeaseGrant
        var trialIds: [String]
        func snapshot() async throws -> StoreSnapshot { try await StoreSnapshot.take(server.store, trialIds: trialIds) }
    }

    static func with(_ body: (Fixture) async throws -> Void) async throws {
        try await TestServer.with(configure: { $0.leaseSeconds = 3600; $0.bodyTimeout = 2 }) { server in
            _ = try await server.submit(TestData.grid("hostile", seeds: 2))
            let grants = try await server.lease(slots: 3).leases
            try #require(grants.count == 3)
            _ = try await server.record([TestData.result(grants[0])])
            _ = try await server.record([TestData.failure(grants[1], "seeded failure")])
            let ids = try await server.store.exportPage(sweepId: "hostile").records.compactMap(\.trialId) + grants.map(\.trialId)
            try await body(Fixture(server: server, done: grants[0], failed: grants[1], live: grants[2], trialIds: ids))
        }
    }

    static func json(_ v: some Encodable) -> String { String(decoding: try! JSONEncoder().encode(v), as: UTF8.self) }

    @Test func truncationsOfValidBodiesAre400AndChangeNothing() async throws {
        try await Self.with { f in
            let before = try await f.snapshot()
            let bodies = [
                ("/v1/results", Self.json(ResultBatch(results: [TestData.result(f.live)]))),
                ("/v1/leases", #"{"worker":"w1","slots":2,"host":"h"}"#),
                ("/v1/leases/heartbeat", Self.json(HeartbeatRequest(worker: "w1", leaseIds: [f.live.leaseId]))),
                ("/v1/sweeps", TestData.grid("other", seeds: 1)),
            ]
            var sent = 0
            for (path, body) in bodies {
                let bytes = Array(body.utf8)
                // Every cut in the first 64 bytes (keys, ids, the first values), then every 5th.
                for n in 0..<bytes.count where n < 64 || n % 5 == 0 {
                    let reply = try await f.server.request(.POST, path, body: Array(bytes.prefix(n)))
                    #expect((400..<500).contains(reply.status), "POST \(path) cut at \(n): \(reply.status) \(reply.text.prefix(200))")
                    sent += 1
                }
            }
            #expect(sent > 250)
            #expect(try await f.snapshot() == before)
        }
    }

    @Test func deepNestingHugeNumbersAndNonFiniteLiteralsAre400() async throws {
        try await Self.with { f in
            let before = try await f.snapshot()
            var cases: [(String, String)] = []
            for depth in [100, 10_000, 100_000] {
                for path in ["/v1/sweeps", "/v1/results", "/v1/leases"] {
                    cases.append((path, String(repeating: #"{"a":"#, count: depth) + "1" + String(repeating: "}", count: depth)))
                    cases.append((path, String(repeating: "[", count: depth) + String(repeating: "]", count: depth)))
                    cases.append((path, String(repeating: "[", count: depth)))
                }
            }
            let item = Self.json(TestData.result(f.live))
            // Not JSON numbers, or not finite: refused wherever a number goes.
            for literal in ["NaN", "Infinity", "-Infinity", "1e999", "-1e999", "0x10", "+1", "1.", ".5", "01"] {
                cases.append(("/v1/leases", #"{"worker":"w1","slots":\#(literal)}"#))
                cases.append(("/v1/results", #"{"results":["# + item.replacingOccurrences(of: #""deadFraction":0"#, with: #""deadFraction":\#(literal)"#) + "]}"))
                cases.append(("/v1/sweeps", #"{"name":"n","axes":{"lr":[\#(literal)]}}"#))
            }
            // Integers beyond 64 bits (a huge lr is a number like any other; a huge count is not).
            for literal in ["123456789012345678901234567890", "9223372036854775808", "-9223372036854775809", "1e30", "2.5"] {
                cases.append(("/v1/leases", #"{"worker":"w1","slots":\#(literal)}"#))
                cases.append(("/v1/results", #"{"results":["# + item.replacingOccurrences(of: #""epoch":\#(f.live.epoch)"#, with: #""epoch":\#(literal)"#) + "]}"))
                cases.append(("/v1/sweeps", #"{"name":"n","seeds":\#(literal)}"#))
            }
            for (path, body) in cases {
                let reply = try await f.server.post(path, json: body)
                #expect(reply.status == 400, "POST \(path) \(body.prefix(80)): \(reply.status) \(reply.text.prefix(200))")
                #expect(reply.error != nil)
            }
            #expect(try await f.snapshot() == before)
            #expect(try await f.server.get("/healthz").status == 200)
        }
    }

    @Test func traversalAndOddIdsInPathsAre4xx() async throws {
        try await Self.with { f in
            let before = try await f.snapshot()
            let ids = ["..", "..%2F..%2Fsweeps.sqlite", "%2e%2e%2f%2e%2e%2fetc%2fpasswd", "%252e%252e", "hostile%00", "hostile%0d%0aX:%201",
                       "caf%C3%A9", "%E2%80%AE", String(repeating: "a", count: 5000), f.live.leaseId.uppercased()]
            for id in ids {
                for (method, path) in [(HTTPMethod.GET, "/v1/sweeps/\(id)"), (.GET, "/v1/sweeps/\(id)/results"), (.GET, "/v1/sweeps/\(id)/phase"),
                                       (.POST, "/v1/sweeps/\(id)/cancel"), (.POST, "/v1/leases/\(id)/heartbeat"), (.POST, "/v1/trials/\(id)/fail")] {
                    let reply = method == .GET ? try await f.server.get(path)
                        : try await f.server.request(.POST, path, body: Array(#"{"worker":"w1","error":"x"}"#.utf8))
                    #expect((400..<500).contains(reply.status), "\(method) \(path.prefix(80)): \(reply.status) \(reply.text.prefix(300))")
                    #expect(reply.error != nil)
                    #expect(!reply.text.contains("root:"), "\(path): file content in the answer")
                }
            }
            // Invalid percent-encoding goes over a raw connection: the HTTP client would rewrite it
            // (AsyncHTTPClient sent `/v1/sweeps/%ff` as `/`, which is the dashboard's page).
            let port = try await f.server.coordinator.port()
            for path in ["/v1/sweeps/%ff", "/v1/sweeps/%ff/results", "/v1/sweeps/%ff/phase", "/v1/sweeps/%e2%82/phase"] {
                let line = await RawConnection.exchange(port: port, Array("GET \(path) HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \(TestServer.defaultToken)\r\n\r\n".utf8))
                #expect(line.hasPrefix("HTTP/1.1 4"), "GET \(path): \(line)")
            }
            let query = try await f.server.get("/v1/sweeps/hostile/results?format=..%2F..%2Fetc%2Fpasswd")
            #expect(query.status == 400)
            #expect(try await f.snapshot() == before)
        }
    }

    @Test func replayedAndForgedLeasesNeverStoreOrSpendBudget() async throws {
        try await Self.with { f in
            let before = try await f.snapshot()
            let attempts = try await f.server.store.trial(id: f.failed.trialId)?.attempts
            let forged = String((0..<32).map { _ in "0123456789abcdef".randomElement()! })
            var items: [ResultItem] = []
            items.append(TestData.result(f.done))                                       // replay: duplicate
            var x = TestData.result(f.done); x.leaseId = forged; items.append(x)         // forged lease
            x = TestData.result(f.done); x.epoch += 1; items.append(x)                   // forged epoch
            x = TestData.result(f.live); x.leaseId = f.done.leaseId; items.append(x)     // another trial's lease
            x = TestData.result(f.live); x.epoch += 5; items.append(x)                   // live lease, wrong epoch
            items.append(TestData.failure(f.failed, "replayed failure"))                // its failure was counted already
            var y = TestData.failure(f.live, "forged failure"); y.leaseId = forged; items.append(y)
            let ack = try await f.server.record(items)
            #expect(ack.results.map(\.status) == [.duplicate, .rejected, .rejected, .rejected, .rejected, .rejected, .rejected],
                    "\(ack.results.map { "\($0.status): \($0.detail ?? "")" })")
            #expect(try await f.snapshot().trials == before.trials)
            #expect(try await f.server.store.trial(id: f.failed.trialId)?.attempts == attempts)
            // Heartbeats and releases of forged leases stop nothing real.
            let beat = try await f.server.post("/v1/leases/heartbeat", HeartbeatRequest(worker: "w1", leaseIds: [forged, f.live.leaseId]))
                .decode(HeartbeatResponse.self)
            #expect(beat.leases.map(\.status) == [.stop, .renewed])
            #expect(beat.leases.first?.reason == "unknown")
            let released = try await f.server.post("/v1/leases/release", ReleaseRequest(worker: "w9", leaseIds: [forged])).decode(ReleaseResponse.self)
            #expect(released.released == 0)
            #expect(try await f.server.store.trial(id: f.live.trialId)?.state == .leased)
        }
    }

    @Test func unicodeAndControlCharactersInNamesAreRefusedByField() async throws {
        try await Self.with { f in
            let before = try await f.snapshot()
            let foreign = ["swéep", "スイープ", "a\u{0}b", "a\u{202E}b", "😀", "a b", "a\tb", ""]
            for name in foreign + [".hidden", "-x", String(repeating: "x", count: 65)] {
                let reply = try await f.server.post("/v1/sweeps", json: Self.json(["name": name]))
                #expect(reply.status == 400, "sweep name \(name.debugDescription)")
                #expect(reply.error?.detail.contains("name") == true, "\(reply.text)")
            }
            // Worker and host names: printable ASCII without spaces, 1-128 bytes.
            for name in foreign + [String(repeating: "x", count: 129)] {
                for field in ["worker", "host"] {
                    var body = ["worker": "w1", "slots": "1"]
                    body[field] = name
                    let lease = try await f.server.post("/v1/leases", json: Self.json(body).replacingOccurrences(of: #""1""#, with: "1"))
                    #expect(lease.status == 400, "\(field) name \(name.debugDescription)")
                    #expect(lease.error?.detail.contains(field) == true, "\(lease.text)")
                }
            }
            let invalidUTF8: [UInt8] = Array(#"{"worker":""#.utf8) + [0xFF, 0xFE] + Array(#"","slots":1}"#.utf8)
            #expect(try await f.server.request(.POST, "/v1/leases", body: invalidUTF8).status == 400)
            #expect(try await f.snapshot() == before)
            // Unicode where free text is allowed is stored as sent.
            let grid = #"{"name":"uni","description":"ünïcødé ✓ \u202e","base":{"model":"single","dataset":"relu1d","steps":10},"seeds":1}"#
            #expect(try await f.server.post("/v1/sweeps", json: grid).status == 200)
            let status = try await f.server.get("/v1/sweeps/uni").decode(SweepStatus.self)
            #expect(status.description == "ünïcødé ✓ \u{202E}")
        }
    }

    @Test func emptyBodiesOnEveryRouteThatNeedsOneAre400() async throws {
        try await Self.with { f in
            let before = try await f.snapshot()
            for path in ["/v1/sweeps", "/v1/leases", "/v1/leases/heartbeat", "/v1/leases/release", "/v1/results",
                         "/v1/leases/\(f.live.leaseId)/heartbeat", "/v1/trials/\(f.live.trialId)/fail"] {
                for body in [[UInt8](), Array("   ".utf8), Array("null".utf8)] {
                    let reply = try await f.server.request(.POST, path, body: body)
                    #expect(reply.status == 400, "POST \(path) '\(String(decoding: body, as: UTF8.self))': \(reply.status)")
                }
                let none = try await f.server.request(.POST, path, body: nil)
                #expect(none.status == 400, "POST \(path) without a body: \(none.status)")
            }
            #expect(try await f.snapshot() == before)
        }
    }

    @Test func brokenHTTPAndSlowLorisConnectionsLeaveTheServerAnswering() async throws {
        try await Self.with { f in
            let before = try await f.snapshot()
            let port = try await f.server.coordinator.port()
            let raw: [[UInt8]] = [
                Array("GARBAGE\r\n\r\n".utf8), Array("GET / HTTP/9.9\r\n\r\n".utf8),
                Array("POST /v1/leases HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n".utf8),
                Array("POST /v1/leases HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n".utf8),
                Array("POST /v1/leases HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nContent-Length: 40\r\n\r\n{}".utf8),
                Array("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: \(String(repeating: "a", count: 200_000))\r\n\r\n".utf8),
                [0x16, 0x03, 0x01, 0x02, 0x00] + [UInt8](repeating: 0, count: 200),
            ]
            for bytes in raw {
                let line = await RawConnection.exchange(port: port, bytes)
                #expect(!line.hasPrefix("HTTP/1.1 5"), "\(String(decoding: bytes.prefix(60), as: UTF8.self)): \(line)")
            }
            // 100 connections trickling their headers; the API answers meanwhile.
            let loris = (0..<100).compactMap { _ in RawConnection(port: port) }
            #expect(loris.count == 100)
            for c in loris { c.send(Array("POST /v1/leases HTTP/1.1\r\nHost: x\r\n".utf8)) }
            for _ in 0..<3 {
                for c in loris { c.send(Array("X-a: b\r\n".utf8)) }
                #expect(try await f.server.get("/healthz").status == 200)
                #expect(try await f.server.get("/v1/sweeps/hostile").status == 200)
                try await Task.sleep(for: .milliseconds(300))
            }
            // A body that trickles in is cut off (408; the body timeout is 2 s here).
            let slow = try #require(RawConnection(port: port))
            slow.send(Array("POST /v1/leases HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \(TestServer.defaultToken)\r\nContent-Type: application/json\r\nContent-Length: 40\r\n\r\n{\"wor".utf8))
            #expect(await slow.statusLine(timeoutSeconds: 15).hasPrefix("HTTP/1.1 408"))
            for c in loris + [slow] { c.close() }
            #expect(try await f.snapshot() == before)
        }
    }
}

/// A plain TCP connection to 127.0.0.1 for requests no HTTP client would send. Its blocking
/// reads run on a dispatch queue, never on the cooperative thread pool (which other suites'
/// in-process coordinators and workers need for their heartbeats).
final class RawConnection: @unchecked Sendable {
    let fd: Int32

    init?(port: Int) {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = in_port_t(UInt16(port).bigEndian)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let ok = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard ok == 0 else {
            Glibc.close(fd)
            return nil
        }
    }

    func send(_ bytes: [UInt8]) {
        _ = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    }

    /// The first line of the answer, "" if the server closed the connection, "timeout" if none came.
    func readStatusLine(timeoutSeconds: Int) -> String {
        var tv = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        var data: [UInt8] = []
        var buf = [UInt8](repeating: 0, count: 4096)
        while !data.contains(0x0A) {
            let n = buf.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n == 0 { break }
            if n < 0 { return errno == EAGAIN || errno == EWOULDBLOCK ? "timeout" : "" }
            data += buf[0..<n]
        }
        return String(decoding: data.prefix { $0 != 0x0D && $0 != 0x0A }, as: UTF8.self)
    }

    func close() { Glibc.close(fd) }

    /// `readStatusLine` off the cooperative pool.
    func statusLine(timeoutSeconds: Int) async -> String {
        await withCheckedContinuation { c in
            DispatchQueue.global().async { c.resume(returning: self.readStatusLine(timeoutSeconds: timeoutSeconds)) }
        }
    }

    static func exchange(port: Int, _ bytes: [UInt8]) async -> String {
        guard let c = RawConnection(port: port) else { return "no connection" }
        defer { c.close() }
        c.send(bytes)
        return await c.statusLine(timeoutSeconds: 10)
    }
}
