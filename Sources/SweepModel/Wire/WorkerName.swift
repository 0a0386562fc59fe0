/// Worker names and hosts as they arrive in requests: 1-128 printable ASCII characters without
/// spaces (`node17-4242-0`). Checked before they reach the database or the logs.
public enum WorkerName {
    public static let rule = "1-128 printable ASCII characters, no spaces"

    public static func problem(_ name: String, field: String = "worker") -> String? {
        let u = name.utf8
        guard (1...128).contains(u.count), u.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
            return "\(field): expected \(rule), got \(u.count) bytes"
        }
        return nil
    }
}
