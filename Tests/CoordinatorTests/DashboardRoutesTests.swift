import Foundation
import NIOHTTP1
import Testing

/// `GET /` and its static files: types, entity tags, size, no external resources, and which
/// requests need the token.
@Suite(.timeLimit(.minutes(1)))
struct DashboardRoutesTests {
    static let assets: [(path: String, type: String)] = [
        ("/", "text/html"), ("/dashboard.css", "text/css"), ("/dashboard.js", "text/javascript"), ("/favicon.svg", "image/svg+xml"),
    ]

    @Test func thePageAndItsFilesAreServedWithTypesAndEntityTags() async throws {
        try await TestServer.with { server in
            var total = 0
            var tags = Set<String>()
            for (path, type) in Self.assets {
                let reply = try await server.get(path, auth: .none)
                #expect(reply.status == 200, "\(path)")
                #expect(reply.headers.first(name: "Content-Type")?.hasPrefix(type) == true, "\(path): \(reply.headers)")
                #expect(reply.headers.first(name: "Cache-Control") == "no-cache")
                #expect(reply.headers.first(name: "X-Content-Type-Options") == "nosniff")
                let etag = try #require(reply.headers.first(name: "ETag"), "\(path) has no ETag")
                #expect(etag.hasPrefix("\"") && etag.hasSuffix("\"") && etag.count == 18)
                tags.insert(etag)
                total += reply.body.count
                // Nothing is loaded from elsewhere (clusters are often offline): the only URL is the SVG namespace.
                let urls = reply.text.components(separatedBy: "http").dropFirst().filter { !$0.hasPrefix("://www.w3.org/2000/svg") }
                #expect(urls.isEmpty, "\(path) refers to another site: \(urls.map { "http" + $0.prefix(40) })")

                // Revalidation: the same tag (also weak, or in a list) is 304 without a body; another is 200.
                for header in [etag, "W/\(etag)", "\"0000000000000000\", \(etag)", "*"] {
                    let again = try await server.request(.GET, path, auth: .none, headers: [("If-None-Match", header)])
                    #expect(again.status == 304, "\(path) If-None-Match: \(header)")
                    #expect(again.body.isEmpty)
                    #expect(again.headers.first(name: "ETag") == etag)
                }
                let other = try await server.request(.GET, path, auth: .none, headers: [("If-None-Match", "\"0000000000000000\"")])
                #expect(other.status == 200 && other.body.count == reply.body.count)
            }
            #expect(tags.count == Self.assets.count)
            #expect(total < 50_000, "the dashboard weighs \(total) bytes")

            let page = try await server.get("/", auth: .none)
            let csp = try #require(page.headers.first(name: "Content-Security-Policy"))
            #expect(csp.contains("script-src 'self'") && csp.contains("connect-src 'self'") && !csp.contains("unsafe-inline"))
            #expect(page.text.contains(#"<script src="/dashboard.js" defer></script>"#))
            #expect(page.text.contains(#"<link rel="stylesheet" href="/dashboard.css">"#))
            // No inline script (the policy would block it) and no inline style attribute.
            #expect(page.text.components(separatedBy: "<script").count == 2)
            #expect(!page.text.contains("style="))
            // The script builds text with textContent, never by parsing strings as HTML.
            let script = try await server.get("/dashboard.js", auth: .none).text
            #expect(!script.contains("innerHTML") && !script.contains("outerHTML") && !script.contains("insertAdjacentHTML")
                    && !script.contains("document.write") && !script.contains("eval("))
        }
    }

    @Test func whenReadsNeedTheTokenTheShellIsOpenButItsDataIsNot() async throws {
        try await TestServer.with(configure: { $0.protectReads = true }) { server in
            _ = try await server.submit(TestData.grid("dash", seeds: 1))
            for (path, _) in Self.assets {
                #expect(try await server.get(path, auth: .none).status == 200, "\(path)")
            }
            let data = ["/v1/sweeps", "/v1/workers", "/v1/failures", "/v1/sweeps/dash/axes", "/v1/sweeps/dash/phase?format=svg", "/v1/info"]
            for path in data {
                let refused = try await server.get(path, auth: .none)
                #expect(refused.status == 401, "\(path)")
                #expect(refused.headers.first(name: "WWW-Authenticate") == "Bearer")
                #expect(try await server.get(path, auth: .bearer("wrong")).status == 401, "\(path)")
                #expect(try await server.get(path).status == 200, "\(path) with the token")
            }
            // The open paths are open for reading only.
            let post = try await server.request(.POST, "/", body: Array("{}".utf8), auth: .none)
            #expect(post.status == 401)
            // Another path that merely starts like an asset is not open.
            #expect(try await server.get("/dashboard.js/../v1/sweeps", auth: .none).status == 401)
        }
    }

    @Test func onLoopbackWithoutProtectedReadsTheDataIsOpenToo() async throws {
        try await TestServer.with { server in
            _ = try await server.submit(TestData.grid("open", seeds: 1))
            for path in ["/v1/sweeps", "/v1/failures", "/v1/sweeps/open/axes", "/v1/sweeps/open/phase?format=svg"] {
                #expect(try await server.get(path, auth: .none).status == 200, "\(path)")
            }
            #expect(try await server.post("/v1/sweeps/open/pause", json: "", auth: .none).status == 401)
        }
    }
}
