/// A command-line override `-s key=v1,v2` (Hydra's habit): a base key (one value), an axis's
/// values (several values, or `logspace(...)`/`range(...)`), `seeds=N` (or `seeds=3,7,11`),
/// `name=...` or `description=...`. Values read like YAML scalars: `1e-3`, `true`, `null`,
/// `mlp`; quote a value ('a,b') to keep commas; `key=[v1,v2]` is the same as `key=v1,v2`.
public struct GridOverride: Hashable, Sendable, CustomStringConvertible {
    public let key: String
    /// The value text as given, after `=`.
    public let valueText: String
    /// The elements of the value list: text and whether it was quoted.
    let elements: [Element]

    struct Element: Hashable, Sendable {
        var text: String
        var quoted: Bool
    }

    public var description: String { "-s \(key)=\(valueText)" }

    public init(key: String, valueText: String) throws(GridError) {
        self.key = key
        self.valueText = valueText
        elements = try Self.split(valueText, origin: "-s \(key)=\(valueText)".clipped)
    }

    /// Parses `key=v1,v2`.
    public init(parsing argument: String) throws(GridError) {
        guard let eq = argument.firstIndex(of: "="), eq != argument.startIndex else {
            throw GridError(file: "-s \(argument.clipped)", keyPath: "",
                            "expected key=value or key=v1,v2 (for example -s targetStd=1e-3,1e-2 or -s seeds=10)")
        }
        let key = argument[..<eq].trimmingCharacters(in: .whitespaces)
        try self.init(key: key, valueText: String(argument[argument.index(after: eq)...]))
    }

    /// Splits on commas outside quotes and parentheses, so `logspace(-3, 0, 4)` stays whole.
    private static func split(_ text: String, origin: String) throws(GridError) -> [Element] {
        var s = Substring(text.trimmingCharacters(in: .whitespaces))
        if s.hasPrefix("["), s.hasSuffix("]"), s.count >= 2 { s = s.dropFirst().dropLast() }
        var out: [Element] = []
        var current = ""
        var quote: Character? = nil
        var wasQuoted = false
        var depth = 0
        func flush() {
            let t = wasQuoted ? current : current.trimmingCharacters(in: .whitespaces)
            out.append(Element(text: t, quoted: wasQuoted))
            current = ""
            wasQuoted = false
        }
        for ch in s {
            if let q = quote {
                if ch == q { quote = nil } else { current.append(ch) }
                continue
            }
            switch ch {
            case "'" where current.trimmingCharacters(in: .whitespaces).isEmpty,
                 "\"" where current.trimmingCharacters(in: .whitespaces).isEmpty:
                quote = ch
                wasQuoted = true
                current = ""
            case "(":
                depth += 1
                current.append(ch)
            case ")":
                depth -= 1
                current.append(ch)
            case "," where depth <= 0:
                flush()
            default:
                current.append(ch)
            }
        }
        if quote != nil {
            throw GridError(file: origin, keyPath: "", "unterminated quote")
        }
        flush()
        return out
    }
}
