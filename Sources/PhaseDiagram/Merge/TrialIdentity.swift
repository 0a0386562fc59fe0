import Foundation
import ReLUCore

/// Ids for records that carry none (`relusweep train --json` output): a stable hash of the
/// config's canonical JSON (sorted keys). These are *not* sweep trial ids (SweepModel hashes the
/// config with SHA-256 and the protocol version); a caller that has the official id function
/// passes it to `RecordMerger` instead.
public enum TrialIdentity {
    /// "cfg-" + 16 hex digits of the 64-bit FNV-1a hash of the canonical config JSON.
    public static func configHash(_ config: TrialConfig) -> String {
        "cfg-" + hex(fnv1a(canonicalJSON(config)))
    }

    /// The config as JSON with sorted keys: the same config gives the same bytes.
    public static func canonicalJSON(_ config: TrialConfig) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // TrialConfig holds only finite numbers after validation; a non-finite one still gets
        // a stable spelling rather than an error.
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return (try? encoder.encode(config)) ?? Data()
    }

    /// 64-bit FNV-1a: simple, stable across platforms and runs (unlike Hasher).
    static func fnv1a(_ bytes: Data) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return hash
    }

    static func hex(_ x: UInt64) -> String {
        let digits = String(x, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
