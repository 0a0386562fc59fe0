/// Sweep names (= sweep ids in URLs and `results/<sweep>/`): 1-64 characters of
/// [A-Za-z0-9._-], starting with a letter or a digit (so never `.`, `..` or a hidden file).
public enum SweepName {
    public static let rule = "1-64 characters of A-Z a-z 0-9 . _ -, starting with a letter or digit"

    public static func isValid(_ name: String) -> Bool { problem(name) == nil }

    /// Why `name` is not a valid sweep name, or nil.
    public static func problem(_ name: String) -> String? {
        let u = Array(name.utf8)
        guard (1...64).contains(u.count) else { return "a sweep name has \(rule); got \(u.count) bytes" }
        func alnum(_ c: UInt8) -> Bool { (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) }
        guard alnum(u[0]) else { return "a sweep name has \(rule); '\(name.clipped)' does not start with a letter or digit" }
        for c in u where !(alnum(c) || c == UInt8(ascii: ".") || c == UInt8(ascii: "_") || c == UInt8(ascii: "-")) {
            return "a sweep name has \(rule); '\(name.clipped)' contains '\(String(decoding: [c], as: UTF8.self))'"
        }
        return nil
    }
}
