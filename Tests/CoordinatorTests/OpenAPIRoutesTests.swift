import Coordinator
import Foundation
import NIOHTTP1
import Testing
import Yams

/// docs/openapi.yaml stays true: every route the server registers is described there, every
/// operation described there is served (it answers with one of its documented statuses, not the
/// router's "no such route"), and its error answers are the documented `ErrorBody`.
@Suite(.timeLimit(.minutes(1)))
struct OpenAPIRoutesTests {
    static let specPath = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("docs/openapi.yaml").path

    struct Operation: Hashable, CustomStringConvertible {
        var method: String
        var path: String
        var statuses: Set<Int>
        var description: String { "\(method) \(path)" }
    }

    static func documented() throws -> [Operation] {
        let text = try String(contentsOfFile: specPath, encoding: .utf8)
        let spec = try #require(try Yams.load(yaml: text) as? [String: Any], "docs/openapi.yaml is not a YAML mapping")
        #expect((spec["openapi"] as? String)?.hasPrefix("3.") == true)
        let paths = try #require(spec["paths"] as? [String: Any], "docs/openapi.yaml has no paths")
        var out: [Operation] = []
        for (path, item) in paths {
            let methods = try #require(item as? [String: Any], "\(path)")
            for (method, op) in methods where ["get", "post", "put", "delete", "patch", "head"].contains(method) {
                let responses = (op as? [String: Any])?["responses"] as? [String: Any] ?? [:]
                out.append(Operation(method: method.uppercased(), path: path, statuses: Set(responses.keys.compactMap { Int($0) })))
            }
        }
        return out.sorted { $0.description < $1.description }
    }

    @Test func everyRegisteredRouteIsDocumentedAndEveryDocumentedOneIsRegistered() async throws {
        let documented = try Self.documented()
        try await TestServer.with { server in
            let registered = Set(server.coordinator.routes.map { "\($0.method) \($0.path)" })
            let described = Set(documented.map(\.description))
            #expect(registered.count >= 18, "only \(registered.count) routes: \(registered.sorted())")
            #expect(registered.subtracting(described).isEmpty,
                    "served but not in docs/openapi.yaml: \(registered.subtracting(described).sorted())")
            #expect(described.subtracting(registered).isEmpty,
                    "in docs/openapi.yaml but not served: \(described.subtracting(registered).sorted())")
        }
    }

    @Test func everyDocumentedOperationAnswersWithADocumentedStatus() async throws {
        let documented = try Self.documented()
        try await TestServer.with { server in
            _ = try await server.submit(TestData.grid("api", seeds: 1))
            let grant = try #require(try await server.lease(slots: 1).leases.first)
            let values = ["id": "api", "leaseId": grant.leaseId, "trialId": grant.trialId]
            for op in documented {
                var path = op.path
                for (name, value) in values { path = path.replacingOccurrences(of: "{\(name)}", with: value) }
                // An empty JSON object: valid for some routes, a 400 for the others; never a 404.
                let reply = op.method == "GET"
                    ? try await server.get(path)
                    : try await server.request(HTTPMethod(rawValue: op.method), path, body: Array("{}".utf8))
                #expect(op.statuses.contains(reply.status), "\(op): \(reply.status) is not documented (\(op.statuses.sorted())): \(reply.text.prefix(200))")
                #expect(reply.error?.detail != "no such route", "\(op) is not served")
                if reply.status >= 400 {
                    #expect(reply.error != nil, "\(op): \(reply.status) without an ErrorBody: \(reply.text.prefix(200))")
                }
            }
            // And what is not documented is not served.
            let unknown = try await server.get("/v1/nothing-here")
            #expect(unknown.status == 404)
            #expect(unknown.error?.error == "not_found")
        }
    }
}
