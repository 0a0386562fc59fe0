import Foundation
import NIOSSL

/// The coordinator's certificate chain and private key (`--tls-cert F --tls-key F`, PEM), read
/// and checked when the coordinator is built, so a wrong file stops it before it listens.
struct TLSFiles: Sendable {
    let configuration: TLSConfiguration

    init(certificate: String, key: String) throws(CoordinatorError) {
        let chain: [NIOSSLCertificate]
        do {
            chain = try NIOSSLCertificate.fromPEMFile(certificate)
        } catch {
            throw .invalidConfiguration("--tls-cert \(certificate): cannot read a PEM certificate (\(Self.reason(error, path: certificate)))")
        }
        guard !chain.isEmpty else {
            throw .invalidConfiguration("--tls-cert \(certificate): no certificate in it (expected PEM: -----BEGIN CERTIFICATE-----)")
        }
        let privateKey: NIOSSLPrivateKey
        do {
            privateKey = try NIOSSLPrivateKey(file: key, format: .pem)
        } catch {
            throw .invalidConfiguration("--tls-key \(key): cannot read a PEM private key (\(Self.reason(error, path: key)))")
        }
        var tls = TLSConfiguration.makeServerConfiguration(certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(privateKey))
        tls.minimumTLSVersion = .tlsv12
        do {
            // Builds the context once: a key that does not match the certificate fails here.
            _ = try NIOSSLContext(configuration: tls)
        } catch {
            throw .invalidConfiguration("--tls-cert \(certificate) / --tls-key \(key): unusable together (\(error)); is the key the certificate's?")
        }
        configuration = tls
    }

    private static func reason(_ error: any Error, path: String) -> String {
        FileManager.default.isReadableFile(atPath: path) ? "\(error)" : "no such file, or not readable"
    }
}
