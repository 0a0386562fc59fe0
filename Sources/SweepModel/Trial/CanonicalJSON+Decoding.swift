import ReLUCore

extension CanonicalJSON {
    /// Reads a config written by `CanonicalJSON.config` (a flat JSON object of config keys
    /// with scalar values) without Codable, in a single pass over the bytes; nil for anything
    /// else (unknown key, wrong type, nesting, malformed text), where callers fall back to
    /// JSONDecoder and its error message.
    public static func decodeConfig(_ text: String) -> TrialConfig? {
        var c = TrialConfig()
        let bytes = Array(text.utf8)
        var u = bytes[...]
        func skipSpace() { while let b = u.first, b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 { u.removeFirst() } }
        func expect(_ ch: UInt8) -> Bool {
            skipSpace()
            guard u.first == ch else { return false }
            u.removeFirst()
            return true
        }
        /// A string literal; escapes are rare (csv paths) and handled by the full reader.
        func string() -> String? {
            guard expect(UInt8(ascii: "\"")) else { return nil }
            guard let end = u.firstIndex(where: { $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") || $0 < 0x20 }) else { return nil }
            if u[end] != UInt8(ascii: "\"") {
                // An escaped string: find its end, let the strict reader decode that literal.
                let open = u.startIndex - 1
                var i = end
                while i < u.endIndex, u[i] != UInt8(ascii: "\"") { i += u[i] == UInt8(ascii: "\\") ? 2 : 1 }
                guard i < u.endIndex,
                      case .scalar(let s, true, _)? = try? JSONDocumentReader.read(Array(bytes[open...i]), file: "config", limits: .default)
                else { return nil }
                u = bytes[(i + 1)...]
                return s
            }
            let s = String(decoding: u[..<end], as: UTF8.self)
            u = u[(end + 1)...]
            return s
        }
        guard expect(UInt8(ascii: "{")) else { return nil }
        skipSpace()
        if u.first == UInt8(ascii: "}") { u.removeFirst(); skipSpace(); return u.isEmpty ? c : nil }
        while true {
            guard let name = string(), let key = ConfigKey(rawValue: name), expect(UInt8(ascii: ":")) else { return nil }
            skipSpace()
            let value: ScalarValue
            if u.first == UInt8(ascii: "\"") {
                guard let s = string() else { return nil }
                value = .string(s)
            } else {
                guard let end = u.firstIndex(where: { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "}") || $0 == 0x20 || $0 == 0x0A }) else { return nil }
                let token = String(decoding: u[..<end], as: UTF8.self)
                u = u[end...]
                guard token == "true" || token == "false" || token == "null" || JSONDocumentReader.isJSONNumber(token) else { return nil }
                value = ScalarValue.resolve(plain: token)
            }
            guard case .success(let v) = ConfigValue.coerce(value, for: key) else { return nil }
            c[key] = v
            skipSpace()
            if expect(UInt8(ascii: ",")) { continue }
            guard expect(UInt8(ascii: "}")) else { return nil }
            skipSpace()
            return u.isEmpty ? c : nil
        }
    }
}
