import ReLUCore

/// The canonical JSON text that trial ids hash, following RFC 8785 (JSON Canonicalization
/// Scheme): object keys sorted by UTF-16 code units, no whitespace, strings escaped minimally,
/// numbers as ECMAScript prints them: the shortest decimal that round-trips to the same double,
/// integral values without a decimal point (1.0 -> `1`), plain notation for 1e-6 <= |x| < 1e21
/// and exponent notation outside (`1e-7`, `1e+21`), `-0` as `0`. So `1e-3` in YAML, `0.001`
/// in JSON and `-s lr=1E-3` all give the text `0.001` and the same trial id.
public enum CanonicalJSON {
    /// The canonical text of a double (finite; non-finite values have no JSON form and print
    /// `null`, which no valid config contains).
    public static func number(_ x: Double) -> String {
        guard x.isFinite else { return "null" }
        if x == 0 { return "0" }
        // Fast paths: integral values print as integers; Swift's shortest description without an
        // exponent (1e-4 <= |x| < 2^53) is already ECMAScript's form.
        if abs(x) < 9e18, x == x.rounded() { return String(Int64(x)) }
        let plain = x.description
        if !plain.utf8.contains(UInt8(ascii: "e")) { return plain }
        // Swift's description gives the shortest round-trip digits; only the layout differs
        // from ECMAScript's, so take its digits and exponent and lay them out again.
        let text = abs(x).description
        var mantissa = Substring(text)
        var exp = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = text[..<e]
            exp = Int(text[text.index(after: e)...]) ?? 0
        }
        var digits: [Character]
        var point: Int  // value = 0.digits * 10^point
        if let dot = mantissa.firstIndex(of: ".") {
            let intPart = mantissa[..<dot]
            digits = Array(intPart) + Array(mantissa[mantissa.index(after: dot)...])
            point = intPart.count + exp
        } else {
            digits = Array(mantissa)
            point = digits.count + exp
        }
        while let f = digits.first, f == "0", digits.count > 1 { digits.removeFirst(); point -= 1 }
        while let l = digits.last, l == "0", digits.count > 1 { digits.removeLast() }
        let k = digits.count
        let n = point
        var out = x < 0 ? "-" : ""
        if k <= n && n <= 21 {
            out += String(digits) + String(repeating: "0", count: n - k)
        } else if 0 < n && n <= 21 {
            out += String(digits[..<n]) + "." + String(digits[n...])
        } else if -6 < n && n <= 0 {
            out += "0." + String(repeating: "0", count: -n) + String(digits)
        } else {
            let e = n - 1
            out += String(digits[0]) + (k > 1 ? "." + String(digits[1...]) : "") + "e" + (e > 0 ? "+" : "-") + String(abs(e))
        }
        return out
    }

    /// A JSON string literal with RFC 8785's minimal escaping.
    public static func string(_ s: String) -> String {
        var out = ""
        appendString(s, to: &out)
        return out
    }

    /// Appends `s` as a JSON string literal.
    static func appendString(_ s: String, to out: inout String) {
        // Most strings (config values, names) need no escaping.
        if s.utf8.allSatisfy({ $0 >= 0x20 && $0 != 0x22 && $0 != 0x5C }) {
            out.append("\"")
            out.append(s)
            out.append("\"")
            return
        }
        out.append("\"")
        for u in s.unicodeScalars {
            switch u {
            case "\"": out.append("\\\"")
            case "\\": out.append("\\\\")
            case "\u{08}": out.append("\\b")
            case "\u{0C}": out.append("\\f")
            case "\n": out.append("\\n")
            case "\r": out.append("\\r")
            case "\t": out.append("\\t")
            default:
                if u.value < 0x20 {
                    let hex = String(u.value, radix: 16)
                    out.append("\\u" + String(repeating: "0", count: 4 - hex.count) + hex)
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        out.append("\"")
    }

    /// Config keys in canonical (UTF-16 code unit) order.
    static let sortedKeys: [ConfigKey] = ConfigKey.allCases.sorted {
        $0.rawValue.utf16.lexicographicallyPrecedes($1.rawValue.utf16)
    }

    /// The canonical JSON of a resolved config: every key, defaults included, except optional
    /// keys that are unset (`inputDim`, `dataSeed`) and keys added after protocol v1 that hold
    /// their default (`TrialConfig.isOmittedDefault`), which are omitted.
    public static func config(_ c: TrialConfig) -> String {
        var out = "{"
        out.reserveCapacity(480)
        var first = true
        for key in sortedKeys {
            let v = c[key]
            if v == .null || c.isOmittedDefault(key) { continue }
            if !first { out.append(",") }
            first = false
            out.append("\"")
            out.append(key.rawValue)
            out.append("\":")
            v.appendJSON(to: &out)
        }
        out.append("}")
        return out
    }
}
