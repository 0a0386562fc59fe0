import Foundation
import NIOHTTP1
import PropertyBased
import SweepModel
import SweepStore
import Testing

/// Property-based fuzzing of the live API (the short version of `make fuzz`, which runs
/// thousands of requests and schemathesis): a few hundred generated hostile requests against a
/// real coordinator holding pending, leased, done and failed-attempt trials. Properties: never a
/// 5xx; an error answer is an `ErrorBody`; a 4xx changes nothing stored. A failing case prints
/// its input and the seed to reproduce it (`.fixedSeed(...)`).
@Suite(.timeLimit(.minutes(3)))
struct APIFuzzTests {
    enum Auth: Sendable { case server, none, wrong }

    struct HostileRequest: Sendable, CustomStringConvertible {
        var method: HTTPMethod
        var path: String
        var body: [UInt8]?
        var contentType: String?
        var auth: Auth
        var description: String {
            let text = body.map { String(decoding: $0.prefix(160), as: UTF8.self) } ?? "-"
            return "\(method) \(path.prefix(120)) [\(contentType ?? "no type"), \(auth)] \(text)"
        }
    }

    /// The seeds of mutation: valid bodies for every mutating route, and ids that exist.
    struct Fixture: Sendable {
        var valid: [(path: String, body: String)]
        var ids: [String]
    }

    static let jsonPieces: [String] = [
        "null", "-1", "0", "1e999", "-1e999", "NaN", "Infinity", "-Infinity", "\"\"", "[]", "{}", "true", "\"\\u0000\"",
        "99999999999999999999", "9223372036854775808", "-0", "1.5", "\"../../etc/passwd\"", "\"swéep\"", "\"\u{202E}x\"",
        "\"\(String(repeating: "A", count: 300))\"", String(repeating: "[", count: 40) + String(repeating: "]", count: 40),
    ]

    /// One to three edits: byte flips, cuts, truncation, inserted JSON punctuation, a value
    /// replaced by a hostile one. (No digits are inserted, so a valid grid never grows into a
    /// huge one.)
    static func mutate(_ text: String, _ rng: inout any SeededRandomNumberGenerator) -> [UInt8] {
        var b = Array(text.utf8)
        for _ in 0..<Int.random(in: 1...3, using: &rng) {
            if b.isEmpty { b = Array("{".utf8) }
            let i = Int.random(in: 0..<b.count, using: &rng)
            switch Int.random(in: 0..<6, using: &rng) {
            case 0: b[i] = UInt8.random(in: 0...255, using: &rng)
            case 1: b.removeSubrange(i..<min(b.count, i + Int.random(in: 1...16, using: &rng)))
            case 2: b.removeSubrange(i...)
            case 3: b.insert(contentsOf: Array(["{", "}", "[", "]", ",", ":", "\"", "\\", "\u{0}", "é"].randomElement(using: &rng)!.utf8), at: i)
            default:
                guard let colon = b[i...].firstIndex(of: UInt8(ascii: ":")) else { continue }
                var end = colon + 1
                while end < b.count, ![UInt8(ascii: ","), UInt8(ascii: "}"), UInt8(ascii: "]")].contains(b[end]) { end += 1 }
                b.replaceSubrange((colon + 1)..<end, with: Array(jsonPieces.randomElement(using: &rng)!.utf8))
            }
        }
        return b
    }

    static func generator(_ f: Fixture) -> Generator<HostileRequest, Shrink.None<HostileRequest>> {
        Generator { rng in
            let (validPath, validBody) = f.valid.randomElement(using: &rng)!
            var path = validPath
            var body: [UInt8]? = Array(validBody.utf8)
            var method = HTTPMethod.POST
            switch Int.random(in: 0..<10, using: &rng) {
            case 0...3: body = mutate(validBody, &rng)
            case 4: body = Array(validBody.utf8.prefix(Int.random(in: 0..<max(1, validBody.utf8.count), using: &rng)))
            case 5:
                let depth = [10, 100, 1000, 20_000].randomElement(using: &rng)!
                body = Array((Bool.random(using: &rng)
                    ? String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
                    : String(repeating: #"{"a":"#, count: depth) + "1" + String(repeating: "}", count: depth)).utf8)
            case 6: body = (0..<Int.random(in: 0...64, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
            case 7:
                // An id in the path swapped for a traversal or an odd one.
                let odd = ["..", "%2e%2e%2f%2e%2e", "..%2Fsweeps.sqlite", "%00", "caf%C3%A9", "A%20B", String(repeating: "f", count: 33),
                           f.ids.randomElement(using: &rng)!.uppercased()].randomElement(using: &rng)!
                let parts = path.split(separator: "/").map(String.init)
                if parts.count >= 3 {
                    var p = parts
                    p[2] = odd
                    path = "/" + p.joined(separator: "/")
                } else {
                    path = "/v1/sweeps/\(odd)"
                    method = .GET
                    body = nil
                }
            case 8:
                method = [.GET, .PUT, .DELETE, .PATCH].randomElement(using: &rng)!
                if method == .GET { body = nil }
            default: body = nil
            }
            let contentType: String? = Int.random(in: 0..<8, using: &rng) == 0
                ? ["text/plain", "application/yaml", "application/x-www-form-urlencoded", "application/json; charset=utf-16"].randomElement(using: &rng)!
                : "application/json"
            let auth: Auth = Int.random(in: 0..<10, using: &rng) == 0 ? [.none, .wrong].randomElement(using: &rng)! : .server
            return HostileRequest(method: method, path: path, body: body, contentType: contentType, auth: auth)
        }
    }

    @Test func hostileRequestsNever5xxAndA4xxChangesNothing() async throws {
        try await TestServer.with(configure: { $0.leaseSeconds = 3600; $0.maxBodyBytes = 256 * 1024 }) { server in
            _ = try await server.submit(TestData.grid("fz", std: [0.1, 1], momentum: [0, 0.5, 0.9], seeds: 2))
            let grants = try await server.lease(slots: 4).leases
            try #require(grants.count == 4)
            _ = try await server.record([TestData.result(grants[0])])
            _ = try await server.record([TestData.failure(grants[1], "seeded failure")])
            let live = grants[2]
            let trialIds = try await server.store.exportPage(sweepId: "fz").records.compactMap(\.trialId) + grants.map(\.trialId)
            func json(_ v: some Encodable) -> String { String(decoding: try! JSONEncoder().encode(v), as: UTF8.self) }
            let fixture = Fixture(valid: [
                ("/v1/leases", #"{"worker":"fz-w","slots":1,"host":"fz-host"}"#),
                ("/v1/leases/heartbeat", json(HeartbeatRequest(worker: "w1", leaseIds: grants.map(\.leaseId)))),
                ("/v1/leases/\(live.leaseId)/heartbeat", #"{"worker":"w1"}"#),
                ("/v1/leases/release", json(ReleaseRequest(worker: "w1", leaseIds: [grants[3].leaseId]))),
                ("/v1/results", json(ResultBatch(results: [TestData.result(live)]))),
                ("/v1/results", json(ResultBatch(results: [TestData.result(grants[0])]))),
                ("/v1/trials/\(live.trialId)/fail", #"{"error":"operator"}"#),
                ("/v1/sweeps", TestData.grid("fz", std: [0.1, 1], momentum: [0, 0.5, 0.9], seeds: 3)),
                ("/v1/sweeps/fz/pause", ""),
                ("/v1/sweeps/fz/resume", ""),
            ], ids: grants.map(\.leaseId) + grants.map(\.trialId))

            let outcomes = Outcomes()
            await propertyCheck(count: 300, input: Self.generator(fixture)) { request in
                let before = try await StoreSnapshot.take(server.store, trialIds: trialIds)
                let auth: TestServer.Auth = switch request.auth {
                case .server: .server
                case .none: .none
                case .wrong: .bearer("not-the-token")
                }
                let reply = try await server.request(request.method, request.path, body: request.body, auth: auth,
                                                     contentType: request.contentType)
                outcomes.add(reply.status)
                #expect(reply.status < 500, "\(request): \(reply.status) \(reply.text.prefix(300))")
                if reply.status >= 400 {
                    #expect(reply.error != nil, "\(request): \(reply.status) without an ErrorBody: \(reply.text.prefix(200))")
                    let after = try await StoreSnapshot.take(server.store, trialIds: trialIds)
                    #expect(after == before, "\(request): answered \(reply.status) but the store changed")
                }
                if request.auth != .server && request.method != .GET {
                    #expect(reply.status == 401, "\(request): without the right token: \(reply.status)")
                }
            }
            // The generator reaches both sides: accepted and refused requests.
            let seen = outcomes.all
            #expect(seen.contains { $0 == 200 } && seen.contains { $0 == 400 } && seen.contains { $0 == 401 },
                    "statuses seen: \(seen.sorted())")
            #expect(try await server.store.checkInvariants().isEmpty)
        }
    }

    final class Outcomes: @unchecked Sendable {
        private let lock = NSLock()
        private var statuses: Set<Int> = []
        func add(_ s: Int) { lock.withLock { _ = statuses.insert(s) } }
        var all: Set<Int> { lock.withLock { statuses } }
    }
}
