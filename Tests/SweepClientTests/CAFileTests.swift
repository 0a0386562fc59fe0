import TestSupport
import Foundation
import Testing
@testable import SweepClient

/// Issue 16, point 5: `--ca-file` (or RELUSWEEP_CA_FILE) for an `https://` coordinator with a
/// private CA. The TLS handshakes themselves run in EndToEndTests/TLS (openssl-made CA).
@Suite struct CAFileTests {
    @Test func aMissingOrNonCertificateFileIsRefusedNamingIt() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let text = (dir as NSString).appendingPathComponent("token.txt")
        try "not a certificate\n".write(toFile: text, atomically: true, encoding: .utf8)
        for (file, words) in [((dir as NSString).appendingPathComponent("none.pem"), "no such file"), (text, "PEM")] {
            #expect {
                _ = try CoordinatorEndpoint(url: "https://127.0.0.1:1", token: nil, caFile: file)
            } throws: { error in
                "\(error)".contains("--ca-file \(file)") && "\(error)".contains(words)
            }
        }
    }

    @Test func theVariableIsUsedWhenTheFlagIsAbsent() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let bad = (dir as NSString).appendingPathComponent("ca.pem")
        try "garbage".write(toFile: bad, atomically: true, encoding: .utf8)
        // The variable's file is read (and refused here, since it holds no certificate).
        #expect(throws: CoordinatorClientError.self) {
            _ = try CoordinatorEndpoint.resolve(url: "https://h:1", tokenFile: nil, environment: ["RELUSWEEP_CA_FILE": bad])
        }
        let none = try CoordinatorEndpoint.resolve(url: "https://h:1", tokenFile: nil, environment: [:])
        #expect(none.caFile == nil)
    }

    @Test func anUntrustedCoordinatorIsFinalAndSaysWhatToDo() {
        let e = CoordinatorClientError.untrusted(url: "https://h:1/v1/info", reason: "its TLS certificate is not signed by a trusted CA")
        #expect(!e.isRetryable)
        #expect(e.description.contains("--ca-file") && e.description.contains("RELUSWEEP_CA_FILE"))
        #expect(CoordinatorClient.tlsTrustProblem(NSError(domain: "x", code: 1), text: "handshakeFailed(... CERTIFICATE_VERIFY_FAILED ...)") != nil)
        #expect(CoordinatorClient.tlsTrustProblem(NSError(domain: "x", code: 1), text: "Connection refused") == nil)
    }
}
