import Foundation
import SweepModel
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Issue 16, point 1: a request answered before its body was read (401, 404, 415, 413) is
/// answered in a way a client that sends its whole body first sees, with `Connection: close`
/// as with keep-alive, over a raw socket (Python's `urllib` hung on these with 4 MiB bodies).
@Suite(.timeLimit(.minutes(2)))
struct EarlyAnswerTests {
    static let limit = 16 << 20

    /// The early answers of the issue, each with the body a client would send.
    static let cases: [(name: String, path: String, token: String, contentType: String, status: Int)] = [
        ("wrong token", "/v1/results", "wrong-token", "application/json", 401),
        ("unknown route", "/v1/no-such-route", TestServer.defaultToken, "application/json", 404),
        ("wrong content type", "/v1/results", TestServer.defaultToken, "text/plain", 415),
    ]

    static func head(path: String, token: String, contentType: String, length: Int, close: Bool) -> [UInt8] {
        Array(("POST \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(token)\r\nContent-Type: \(contentType)\r\n"
            + "Content-Length: \(length)\r\n" + (close ? "Connection: close\r\n" : "") + "\r\n").utf8)
    }

    /// 8 MiB: more than the socket buffers hold, so a server that stops reading blocks the
    /// client's send (4 MiB already hung urllib, which sends in smaller pieces). The tests
    /// below use 1 MiB: parsing bodies is slow in debug builds, and other suites share the
    /// event loops.
    @Test func earlyAnswerWithConnectionCloseReachesAClientThatSendsItsWholeBodyFirst() async throws {
        let bodyBytes = 8 << 20
        try await TestServer.with { server in
            _ = try await server.submit(TestData.grid("early", seeds: 1))
            let ids = try await server.store.exportPage(sweepId: "early").records.compactMap(\.trialId)
            let before = try await StoreSnapshot.take(server.store, trialIds: ids)
            let port = try await server.coordinator.port()
            let body = [UInt8](repeating: UInt8(ascii: "x"), count: bodyBytes)
            for c in Self.cases {
                let conn = try #require(RawConnection(port: port))
                defer { conn.close() }
                // Like urllib: the whole request first, then the answer.
                let sent = await conn.sendAll(Self.head(path: c.path, token: c.token, contentType: c.contentType, length: bodyBytes, close: true) + body,
                                              timeoutSeconds: 10)
                #expect(sent, "\(c.name), \(bodyBytes) bytes, Connection: close: the body could not be sent (the server stopped reading)")
                let line = await conn.statusLine(timeoutSeconds: 10)
                #expect(line.hasPrefix("HTTP/1.1 \(c.status)"), "\(c.name), \(bodyBytes) bytes, Connection: close: \(line)")
                // Then the server closes the connection (the body was drained, so no reset).
                #expect(await conn.readToEnd(timeoutSeconds: 10) == .closed, "\(c.name): the connection was not closed after the answer")
            }
            #expect(try await StoreSnapshot.take(server.store, trialIds: ids) == before)
        }
    }

    @Test func earlyAnswerOnKeepAliveDrainsTheBodyAndServesTheNextRequest() async throws {
        try await TestServer.with { server in
            let port = try await server.coordinator.port()
            let body = [UInt8](repeating: UInt8(ascii: "x"), count: 1 << 20)
            var conn = try #require(RawConnection(port: port))
            defer { conn.close() }
            var servedNext = 0
            for c in Self.cases {
                let sent = await conn.sendAll(Self.head(path: c.path, token: c.token, contentType: c.contentType, length: body.count, close: false) + body,
                                              timeoutSeconds: 10)
                #expect(sent, "\(c.name), keep-alive: the body could not be sent")
                let answer = await conn.readAnswer(timeoutSeconds: 10)
                #expect(answer.statusLine.hasPrefix("HTTP/1.1 \(c.status)"), "\(c.name), keep-alive: \(answer.statusLine)")
                if answer.text.lowercased().contains("\r\nconnection: close\r\n") {
                    // 413, 415 and 408 close the connection (after draining the body).
                    #expect(await conn.readToEnd(timeoutSeconds: 10) == .closed, "\(c.name), keep-alive, answered with close")
                    conn.close()
                    conn = try #require(RawConnection(port: port))
                    continue
                }
                // The same connection serves the next request: the drained body was not parsed as one.
                let next = await conn.sendAll(Array("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".utf8), timeoutSeconds: 5)
                #expect(next)
                let health = await conn.readAnswer(timeoutSeconds: 10)
                #expect(health.statusLine.hasPrefix("HTTP/1.1 200"), "after \(c.name): \(health.statusLine)")
                servedNext += 1
            }
            // 401 and 404 keep the connection.
            #expect(servedNext == 2)
        }
    }

    @Test(arguments: [true, false])
    func declaredBodyOverTheLimitIs413AtOnceThenClosed(close: Bool) async throws {
        try await TestServer.with(configure: { $0.maxBodyBytes = 1 << 20 }) { server in
            let port = try await server.coordinator.port()
            for path in ["/v1/results", "/v1/sweeps/x/pause", "/v1/no-such-route"] {
                let conn = try #require(RawConnection(port: port))
                defer { conn.close() }
                // Only the head: the answer must not wait for a body that is never sent.
                #expect(await conn.sendAll(Self.head(path: path, token: TestServer.defaultToken, contentType: "application/json",
                                                     length: 20 << 20, close: close), timeoutSeconds: 5))
                let answer = await conn.readAnswer(timeoutSeconds: 5)
                #expect(answer.statusLine.hasPrefix("HTTP/1.1 413"), "POST \(path), Content-Length 20 MiB: \(answer.statusLine)")
                #expect(answer.text.contains("--max-body-bytes"), "\(answer.text)")
                #expect(await conn.readToEnd(timeoutSeconds: 10) == .closed, "POST \(path): the connection stayed open after 413")
            }
            // Not counted as a body read: the server still answers.
            #expect(try await server.get("/healthz").status == 200)
        }
    }

    /// `Connection` is a list of case-insensitive tokens: `Keep-Alive, Close` closes too (no
    /// token: the answer is 401).
    @Test func connectionCloseIsRecognizedInAnyCaseAndInAList() async throws {
        try await TestServer.with { server in
            let port = try await server.coordinator.port()
            let body = [UInt8](repeating: UInt8(ascii: "x"), count: 1 << 20)
            for header in ["Close", "Keep-Alive, Close", "close"] {
                let conn = try #require(RawConnection(port: port))
                defer { conn.close() }
                let head = "POST /v1/no-such-route HTTP/1.1\r\nHost: x\r\nContent-Length: \(body.count)\r\nConnection: \(header)\r\n\r\n"
                #expect(await conn.sendAll(Array(head.utf8) + body, timeoutSeconds: 10), "Connection: \(header)")
                let answer = await conn.readAnswer(timeoutSeconds: 10)
                #expect(answer.statusLine.hasPrefix("HTTP/1.1 401"), "Connection: \(header): \(answer.statusLine)")
                #expect(await conn.readToEnd(timeoutSeconds: 10) == .closed, "Connection: \(header): not closed")
            }
        }
    }
}

extension RawConnection {
    enum End: Equatable { case closed, timeout, reset }

    /// Sends every byte (blocking, off the cooperative pool); false when the server stopped
    /// reading for `timeoutSeconds` or the connection broke.
    func sendAll(_ bytes: [UInt8], timeoutSeconds: Int) async -> Bool {
        await withCheckedContinuation { c in
            DispatchQueue.global().async {
                var tv = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
                setsockopt(self.fd, SOL_SOCKET, SO_SNDTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
                var offset = 0
                while offset < bytes.count {
                    let n = bytes.withUnsafeBytes { Glibc.send(self.fd, $0.baseAddress! + offset, $0.count - offset, Int32(MSG_NOSIGNAL)) }
                    if n < 0 && errno == EINTR { continue }
                    if n <= 0 { break }
                    offset += n
                }
                c.resume(returning: offset == bytes.count)
            }
        }
    }

    /// One whole answer (head and a `Content-Length` body).
    func readAnswer(timeoutSeconds: Int) async -> (statusLine: String, text: String) {
        await withCheckedContinuation { c in
            DispatchQueue.global().async {
                var tv = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
                setsockopt(self.fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
                var data: [UInt8] = []
                var buf = [UInt8](repeating: 0, count: 4096)
                func complete() -> Bool {
                    guard let end = data.firstRange(of: Array("\r\n\r\n".utf8)) else { return false }
                    let head = String(decoding: data[..<end.lowerBound], as: UTF8.self).lowercased()
                    let length = head.split(separator: "\r\n").first { $0.hasPrefix("content-length:") }
                        .flatMap { Int($0.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) } ?? 0
                    return data.count >= end.upperBound + length
                }
                while !complete() {
                    let n = buf.withUnsafeMutableBytes { recv(self.fd, $0.baseAddress, $0.count, 0) }
                    if n <= 0 { break }
                    data += buf[0..<n]
                }
                let text = String(decoding: data, as: UTF8.self)
                c.resume(returning: (String(text.prefix { $0 != "\r" && $0 != "\n" }), text))
            }
        }
    }

    /// Reads until the server closes the connection (or resets it, or `timeoutSeconds` pass).
    func readToEnd(timeoutSeconds: Int) async -> End {
        await withCheckedContinuation { c in
            DispatchQueue.global().async {
                var tv = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
                setsockopt(self.fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
                var buf = [UInt8](repeating: 0, count: 4096)
                while true {
                    let n = buf.withUnsafeMutableBytes { recv(self.fd, $0.baseAddress, $0.count, 0) }
                    if n == 0 { return c.resume(returning: .closed) }
                    if n < 0 {
                        if errno == EINTR { continue }
                        return c.resume(returning: errno == EAGAIN || errno == EWOULDBLOCK ? .timeout : .reset)
                    }
                }
            }
        }
    }
}
