/// A plain scalar resolved the way grid files and `-s` overrides read it: YAML 1.2 core-schema
/// habits (null, true/false, integers, decimals with exponents), everything else a string.
/// Both readers and the override parser use this one function, so `1e-3` means the same in a
/// YAML file, a JSON file and on the command line.
enum ScalarValue: Hashable, Sendable {
    case null
    case bool(Bool)
    case int(Int)
    /// `text` is the literal as written (kept for exact decimal arithmetic in `range`).
    case double(Double, text: String)
    case string(String)

    /// Resolves a plain (unquoted) scalar.
    static func resolve(plain text: String) -> ScalarValue {
        switch text {
        case "", "~", "null", "Null", "NULL": return .null
        case "true", "True", "TRUE": return .bool(true)
        case "false", "False", "FALSE": return .bool(false)
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF": return .double(.infinity, text: text)
        case "-.inf", "-.Inf", "-.INF": return .double(-.infinity, text: text)
        case ".nan", ".NaN", ".NAN": return .double(.nan, text: text)
        default: break
        }
        switch NumberSyntax.classify(text) {
        case .integer:
            if let i = Int(text.hasPrefix("+") ? String(text.dropFirst()) : text) { return .int(i) }
            // Too large for Int: keep it as a number; integer keys reject it with a range message.
            return Double(text).map { .double($0, text: text) } ?? .string(text)
        case .decimal:
            return Double(text).map { .double($0, text: text) } ?? .string(text)
        case .none:
            return .string(text)
        }
    }

    /// Resolves a scalar as the document gave it: quoted scalars are strings.
    static func resolve(_ text: String, quoted: Bool) -> ScalarValue {
        quoted ? .string(text) : resolve(plain: text)
    }

    var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .int: "an integer"
        case .double: "a number"
        case .string: "a string"
        }
    }

    var literal: String {
        switch self {
        case .null: "null"
        case .bool(let b): String(b)
        case .int(let i): String(i)
        case .double(_, let text): text
        case .string(let s): "\"\(s.clipped)\""
        }
    }
}

/// Decimal number syntax: `[-+]? digits [. digits] [e [-+] digits]` (also `.5`, `5.`), the
/// forms YAML 1.2 and JSON agree on, minus hex, octal and underscores.
enum NumberSyntax {
    case integer, decimal

    static func classify(_ text: String) -> NumberSyntax? {
        let u = Array(text.utf8)
        guard !u.isEmpty, u.count <= 400 else { return nil }
        var i = 0
        if u[i] == UInt8(ascii: "-") || u[i] == UInt8(ascii: "+") { i += 1 }
        func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }
        var intDigits = 0
        while i < u.count, isDigit(u[i]) { i += 1; intDigits += 1 }
        var fracDigits = 0
        var isDecimal = false
        if i < u.count, u[i] == UInt8(ascii: ".") {
            isDecimal = true
            i += 1
            while i < u.count, isDigit(u[i]) { i += 1; fracDigits += 1 }
        }
        guard intDigits + fracDigits > 0 else { return nil }
        if i < u.count, u[i] == UInt8(ascii: "e") || u[i] == UInt8(ascii: "E") {
            isDecimal = true
            i += 1
            if i < u.count, u[i] == UInt8(ascii: "-") || u[i] == UInt8(ascii: "+") { i += 1 }
            var expDigits = 0
            while i < u.count, isDigit(u[i]) { i += 1; expDigits += 1 }
            guard expDigits > 0 else { return nil }
        }
        guard i == u.count else { return nil }
        return isDecimal ? .decimal : .integer
    }
}
