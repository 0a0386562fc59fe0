import Foundation
import NIOSSL
import ReLUCore

/// Where a coordinator listens, the token that authorizes mutating requests, and for an
/// `https://` coordinator with a certificate of a private CA, that CA. Read from
/// `--coordinator URL` / `--token-file F` / `--ca-file F`, or `RELUSWEEP_COORDINATOR` /
/// `RELUSWEEP_TOKEN` / `RELUSWEEP_CA_FILE`.
public struct CoordinatorEndpoint: Sendable, Hashable {
    /// Base URL without a trailing slash, e.g. `http://10.0.0.5:8750`.
    public let baseURL: String
    /// Bearer token, or nil (a loopback coordinator may run without one).
    public let token: String?
    /// PEM file of the CA certificates to trust for an `https://` coordinator, instead of the
    /// system's (a private CA); nil = the system's trust store.
    public let caFile: String?

    public static let urlVariable = "RELUSWEEP_COORDINATOR"
    public static let tokenVariable = "RELUSWEEP_TOKEN"
    public static let caFileVariable = "RELUSWEEP_CA_FILE"

    /// `url` must be http(s)://host[:port][/prefix]; a bare `host:port` gets `http://`.
    /// `caFile` must hold at least one PEM certificate.
    public init(url: String, token: String?, caFile: String? = nil) throws(CoordinatorClientError) {
        var text = url.trimmingCharacters(in: .whitespacesAndNewlines)
        if !text.contains("://") { text = "http://" + text }
        while text.hasSuffix("/") { text.removeLast() }
        guard let parsed = URL(string: text), let scheme = parsed.scheme?.lowercased(), scheme == "http" || scheme == "https",
              let host = parsed.host, !host.isEmpty else {
            throw .invalidRequest("--coordinator: expected a URL like http://HOST:PORT, got '\(url)'")
        }
        baseURL = text
        let t = token?.trimmingCharacters(in: .whitespacesAndNewlines)
        self.token = (t?.isEmpty ?? true) ? nil : t
        if let caFile {
            _ = try Self.certificates(caFile)
        }
        self.caFile = caFile
    }

    /// The CA certificates of a `--ca-file`.
    static func certificates(_ caFile: String) throws(CoordinatorClientError) -> [NIOSSLCertificate] {
        guard FileManager.default.isReadableFile(atPath: caFile) else {
            throw .invalidRequest("--ca-file \(caFile): no such file, or not readable")
        }
        let certificates: [NIOSSLCertificate]
        do { certificates = try NIOSSLCertificate.fromPEMFile(caFile) } catch {
            throw .invalidRequest("--ca-file \(caFile): not a PEM certificate (\(error)); give the CA's certificate, -----BEGIN CERTIFICATE-----")
        }
        guard !certificates.isEmpty else {
            throw .invalidRequest("--ca-file \(caFile): no certificate in it; give the CA's certificate in PEM, -----BEGIN CERTIFICATE-----")
        }
        return certificates
    }

    /// The endpoint from flags, falling back to the environment. `tokenFile` wins over
    /// `RELUSWEEP_TOKEN`; the file's surrounding whitespace is ignored.
    public static func resolve(url: String?, tokenFile: String?, caFile: String? = nil,
                               environment: [String: String] = ProcessInfo.processInfo.environment) throws(CoordinatorClientError) -> CoordinatorEndpoint {
        guard let u = url ?? environment[urlVariable], !u.isEmpty else {
            throw .invalidRequest("no coordinator: pass --coordinator URL or set \(urlVariable)")
        }
        var token: String? = environment[tokenVariable]
        if let tokenFile {
            if let problem = FileProblem.readingFile(tokenFile) {
                throw .invalidRequest(problem.message(path: tokenFile, role: "--token-file"))
            }
            guard let data = FileManager.default.contents(atPath: tokenFile) else {
                throw .invalidRequest(FileProblem.other("could not be read").message(path: tokenFile, role: "--token-file"))
            }
            guard let text = String(data: data, encoding: .utf8) else {
                throw .invalidRequest("--token-file \(tokenFile): not UTF-8 text")
            }
            token = text
        }
        let ca = caFile ?? environment[caFileVariable].flatMap { $0.isEmpty ? nil : $0 }
        return try CoordinatorEndpoint(url: u, token: token, caFile: ca)
    }
}
