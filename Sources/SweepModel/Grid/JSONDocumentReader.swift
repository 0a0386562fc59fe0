/// A small, strict JSON reader (RFC 8259) that keeps object key order and positions, which
/// Foundation's JSONSerialization does not: axes order decides the expansion order, and errors
/// point at line:column. Bounded in depth and size so hostile input cannot crash it.
struct JSONDocumentReader {
    private let bytes: [UInt8]
    private let file: String
    private let limits: GridLimits
    private var index = 0
    private var line = 1
    private var lineStart = 0
    private var nodes = 0

    init(bytes: [UInt8], file: String, limits: GridLimits) {
        self.bytes = bytes
        self.file = file
        self.limits = limits
    }

    static func read(_ bytes: [UInt8], file: String, limits: GridLimits) throws(GridError) -> GridNode {
        var reader = JSONDocumentReader(bytes: bytes, file: file, limits: limits)
        // A UTF-8 byte order mark is tolerated, as most JSON readers do.
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { reader.index = 3; reader.lineStart = 3 }
        reader.skipWhitespace()
        let node = try reader.value(depth: 0)
        reader.skipWhitespace()
        guard reader.index == bytes.count else { throw reader.error("unexpected text after the JSON document") }
        return node
    }

    private var position: GridNode.Position { .init(line: line, column: index - lineStart + 1) }

    private func error(_ message: String) -> GridError {
        GridError(file: file, keyPath: "", line: line, column: index - lineStart + 1, "invalid JSON: \(message)")
    }

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0D: index += 1
            case 0x0A: index += 1; line += 1; lineStart = index
            default: return
            }
        }
    }

    private mutating func value(depth: Int) throws(GridError) -> GridNode {
        guard depth <= limits.maxDepth else { throw error("nested deeper than \(limits.maxDepth) levels") }
        nodes += 1
        guard nodes <= limits.maxNodes else { throw error("more than \(limits.maxNodes) values") }
        guard index < bytes.count else { throw error("unexpected end of document") }
        let start = position
        switch bytes[index] {
        case UInt8(ascii: "{"):
            index += 1
            var pairs: [(key: String, value: GridNode)] = []
            var seen = Set<String>()
            skipWhitespace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "}") { index += 1; return .map(pairs, start) }
            while true {
                skipWhitespace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw error("expected a quoted key") }
                let keyPosition = position
                let key = try string()
                guard seen.insert(key).inserted else {
                    throw GridError(file: file, keyPath: key, line: keyPosition.line, column: keyPosition.column,
                                    "duplicate key '\(key.clipped)'")
                }
                skipWhitespace()
                guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw error("expected ':' after a key") }
                index += 1
                skipWhitespace()
                pairs.append((key, try value(depth: depth + 1)))
                skipWhitespace()
                guard index < bytes.count else { throw error("unexpected end of document inside an object") }
                if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
                if bytes[index] == UInt8(ascii: "}") { index += 1; return .map(pairs, start) }
                throw error("expected ',' or '}'")
            }
        case UInt8(ascii: "["):
            index += 1
            var items: [GridNode] = []
            skipWhitespace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "]") { index += 1; return .list(items, start) }
            while true {
                skipWhitespace()
                items.append(try value(depth: depth + 1))
                skipWhitespace()
                guard index < bytes.count else { throw error("unexpected end of document inside an array") }
                if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
                if bytes[index] == UInt8(ascii: "]") { index += 1; return .list(items, start) }
                throw error("expected ',' or ']'")
            }
        case UInt8(ascii: "\""):
            return .scalar(try string(), quoted: true, start)
        default:
            // true, false, null or a number: taken as a plain scalar and resolved like YAML's.
            let from = index
            while index < bytes.count, !Self.delimiters.contains(bytes[index]) { index += 1 }
            let text = String(decoding: bytes[from..<index], as: UTF8.self)
            guard text == "true" || text == "false" || text == "null" || Self.isJSONNumber(text) else {
                index = from
                throw error("unexpected '\(text.clipped)'; expected a value (string, number, true, false, null, array, object)")
            }
            return .scalar(text, quoted: false, start)
        }
    }

    private static let delimiters: Set<UInt8> = [0x20, 0x09, 0x0A, 0x0D, UInt8(ascii: ","), UInt8(ascii: "]"),
                                                 UInt8(ascii: "}"), UInt8(ascii: ":"), UInt8(ascii: "\"")]

    /// JSON's number grammar: -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?
    static func isJSONNumber(_ text: String) -> Bool {
        let u = Array(text.utf8)
        var i = 0
        func digits() -> Int {
            let s = i
            while i < u.count, u[i] >= 48, u[i] <= 57 { i += 1 }
            return i - s
        }
        if i < u.count, u[i] == UInt8(ascii: "-") { i += 1 }
        guard i < u.count else { return false }
        if u[i] == UInt8(ascii: "0") { i += 1 } else if digits() == 0 { return false }
        if i < u.count, u[i] == UInt8(ascii: ".") {
            i += 1
            guard digits() > 0 else { return false }
        }
        if i < u.count, u[i] == UInt8(ascii: "e") || u[i] == UInt8(ascii: "E") {
            i += 1
            if i < u.count, u[i] == UInt8(ascii: "+") || u[i] == UInt8(ascii: "-") { i += 1 }
            guard digits() > 0 else { return false }
        }
        return i == u.count
    }

    private mutating func string() throws(GridError) -> String {
        index += 1  // opening quote
        var out: [UInt8] = []
        while true {
            guard index < bytes.count else { throw error("unterminated string") }
            let c = bytes[index]
            switch c {
            case UInt8(ascii: "\""):
                index += 1
                return String(decoding: out, as: UTF8.self)
            case UInt8(ascii: "\\"):
                index += 1
                guard index < bytes.count else { throw error("unterminated escape") }
                let e = bytes[index]
                index += 1
                switch e {
                case UInt8(ascii: "\""): out.append(0x22)
                case UInt8(ascii: "\\"): out.append(0x5C)
                case UInt8(ascii: "/"): out.append(0x2F)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"):
                    var scalar = try hex4()
                    if (0xD800..<0xDC00).contains(scalar) {
                        // A high surrogate must be followed by \u and a low surrogate.
                        guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                            throw error("unpaired surrogate in \\u escape")
                        }
                        index += 2
                        let low = try hex4()
                        guard (0xDC00..<0xE000).contains(low) else { throw error("unpaired surrogate in \\u escape") }
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    } else if (0xDC00..<0xE000).contains(scalar) {
                        throw error("unpaired surrogate in \\u escape")
                    }
                    guard let u = Unicode.Scalar(scalar) else { throw error("invalid \\u escape") }
                    out.append(contentsOf: Array(String(Character(u)).utf8))
                default:
                    throw error("invalid escape '\\\(String(decoding: [e], as: UTF8.self))'")
                }
            case 0x00..<0x20:
                throw error("control character in a string (escape it)")
            default:
                out.append(c)
                index += 1
            }
        }
    }

    private mutating func hex4() throws(GridError) -> UInt32 {
        guard index + 4 <= bytes.count else { throw error("truncated \\u escape") }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let c = bytes[index]
            let d: UInt32
            switch c {
            case 48...57: d = UInt32(c - 48)
            case 65...70: d = UInt32(c - 55)
            case 97...102: d = UInt32(c - 87)
            default: throw error("invalid hex digit in \\u escape")
            }
            v = v * 16 + d
            index += 1
        }
        return v
    }
}
