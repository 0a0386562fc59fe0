import TestSupport
import Foundation
import Testing
@testable import SweepClient

@Suite struct CoordinatorEndpointTests {
    @Test func flagsWinOverEnvironmentAndTokenFileIsTrimmed() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let file = (dir as NSString).appendingPathComponent("token")
        try "s3cret\n".write(toFile: file, atomically: true, encoding: .utf8)
        let env = ["RELUSWEEP_COORDINATOR": "http://env:1", "RELUSWEEP_TOKEN": "from-env"]
        let e = try CoordinatorEndpoint.resolve(url: "http://10.0.0.5:8750/", tokenFile: file, environment: env)
        #expect(e.baseURL == "http://10.0.0.5:8750")
        #expect(e.token == "s3cret")
        let fromEnv = try CoordinatorEndpoint.resolve(url: nil, tokenFile: nil, environment: env)
        #expect(fromEnv.baseURL == "http://env:1")
        #expect(fromEnv.token == "from-env")
    }

    @Test func missingCoordinatorNamesTheFlagAndVariable() {
        #expect {
            _ = try CoordinatorEndpoint.resolve(url: nil, tokenFile: nil, environment: [:])
        } throws: { error in
            "\(error)".contains("--coordinator") && "\(error)".contains("RELUSWEEP_COORDINATOR")
        }
    }

    @Test func bareHostPortGetsHTTP() throws {
        #expect(try CoordinatorEndpoint(url: "127.0.0.1:9000", token: nil).baseURL == "http://127.0.0.1:9000")
        #expect(throws: CoordinatorClientError.self) { _ = try CoordinatorEndpoint(url: "ftp://x", token: nil) }
    }

    @Test func unreachableCoordinatorIsRetryable() async throws {
        // Port 1 on loopback: nothing listens there.
        let client = CoordinatorClient(endpoint: try CoordinatorEndpoint(url: "http://127.0.0.1:1", token: nil), timeout: .seconds(5))
        do {
            _ = try await client.sweeps()
            Issue.record("expected an error")
        } catch {
            #expect(error.isRetryable)
            #expect(error.description.contains("127.0.0.1:1"))
        }
    }
}
