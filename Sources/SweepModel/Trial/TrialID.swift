import Crypto
import ReLUCore

/// Trial identity: lowercase hex of the first 16 bytes of
/// SHA-256("relusweep-trial/v<protocolVersion>\n" + canonical JSON of the resolved config).
/// Same config, same id, on any machine and in any grid; a config differing in any key (seed
/// included) gets another id.
public enum TrialID {
    /// The text hashed before the config: names the protocol version.
    public static var prefix: String { "relusweep-trial/v\(SweepModel.protocolVersion)\n" }

    public static func of(_ config: TrialConfig) -> String {
        of(canonicalConfig: CanonicalJSON.config(config))
    }

    public static func of(canonicalConfig: String) -> String {
        var hasher = SHA256()
        hasher.update(data: Array(prefix.utf8))
        hasher.update(data: Array(canonicalConfig.utf8))
        let digest = hasher.finalize()
        let hex: [UInt8] = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(32)
        for byte in digest.prefix(16) {
            out.append(hex[Int(byte >> 4)])
            out.append(hex[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// 32 lowercase hex digits: checks ids arriving over HTTP before they reach the database.
    public static func isWellFormed(_ s: String) -> Bool {
        s.utf8.count == 32 && s.utf8.allSatisfy { ($0 >= 48 && $0 <= 57) || ($0 >= 97 && $0 <= 102) }
    }
}
