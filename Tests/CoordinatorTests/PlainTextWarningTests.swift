import Coordinator
import Foundation
import Testing

/// Issue 16, point 5: a coordinator that will listen beyond loopback without TLS warns that the
/// token travels in clear text (checked when it is built: nothing listens in this test).
@Suite struct PlainTextWarningTests {
    @Test func listeningBeyondLoopbackWithoutTLSWarnsThatTheTokenTravelsInClear() throws {
        for (host, warns) in [("0.0.0.0", true), ("192.168.1.10", true), ("127.0.0.1", false), ("::1", false)] {
            let dir = TestServer.makeTemporaryDirectory()
            defer { try? FileManager.default.removeItem(at: dir) }
            let logs = LogCapture()
            let coordinator = try Coordinator(configuration: CoordinatorConfiguration(
                databasePath: dir.appendingPathComponent("db.sqlite").path, host: host, token: try BearerToken("t-123")),
                logger: logs.logger())
            try coordinator.store.close()
            let warning = logs.all.first { $0.hasPrefix("warning") && $0.contains("without TLS") }
            #expect((warning != nil) == warns, "\(host): \(logs.all)")
            if let warning {
                #expect(warning.contains("clear text") && warning.contains("--tls-cert") && warning.contains(host))
            }
        }
    }

    @Test func aCertificateWithoutAKeyIsRefusedNamingTheFlags() {
        var c = CoordinatorConfiguration(databasePath: "/tmp/never-created.sqlite")
        c.tlsCertificatePath = "/tmp/cert.pem"
        #expect { try c.validate() } throws: { ($0 as? CoordinatorError)?.description.contains("--tls-cert needs --tls-key") == true }
    }
}
