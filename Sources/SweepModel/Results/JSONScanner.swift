import Foundation

/// A forward-only reader of one JSON text, for the few objects read by the million (results
/// lines, metrics, configs): no Foundation, no intermediate tree. Every method returns nil on
/// anything unexpected; callers then fall back to JSONDecoder, whose error message they show.
struct JSONScanner {
    let bytes: UnsafeBufferPointer<UInt8>
    var i: Int

    init(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int = 0) {
        self.bytes = bytes
        i = start
    }

    var atEnd: Bool { i >= bytes.count }

    mutating func skipSpace() {
        while i < bytes.count {
            let b = bytes[i]
            guard b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 else { return }
            i += 1
        }
    }

    /// Consumes `ch` (after blanks); false without consuming anything else.
    mutating func take(_ ch: UInt8) -> Bool {
        skipSpace()
        guard i < bytes.count, bytes[i] == ch else { return false }
        i += 1
        return true
    }

    mutating func peek() -> UInt8? {
        skipSpace()
        return i < bytes.count ? bytes[i] : nil
    }

    /// A string literal's raw bytes (without quotes) when it has no escapes: object keys and most values.
    mutating func plainString() -> UnsafeBufferPointer<UInt8>? {
        guard take(UInt8(ascii: "\"")) else { return nil }
        let start = i
        while i < bytes.count {
            let b = bytes[i]
            if b == UInt8(ascii: "\"") {
                defer { i += 1 }
                return UnsafeBufferPointer(rebasing: bytes[start..<i])
            }
            if b == UInt8(ascii: "\\") || b < 0x20 { return nil }
            i += 1
        }
        return nil
    }

    /// A string literal, escapes decoded (\" \\ \/ \b \f \n \r \t \uXXXX with surrogate pairs).
    mutating func string() -> String? {
        let save = i
        if let plain = plainString() { return String(decoding: plain, as: UTF8.self) }
        i = save
        guard take(UInt8(ascii: "\"")) else { return nil }
        var out: [UInt8] = []
        while i < bytes.count {
            let b = bytes[i]
            i += 1
            switch b {
            case UInt8(ascii: "\""):
                return String(validating: out, as: UTF8.self)
            case UInt8(ascii: "\\"):
                guard i < bytes.count else { return nil }
                let e = bytes[i]
                i += 1
                switch e {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"):
                    guard var scalar = hex4() else { return nil }
                    if (0xD800..<0xDC00).contains(scalar) {
                        guard take(UInt8(ascii: "\\")), i < bytes.count, bytes[i] == UInt8(ascii: "u") else { return nil }
                        i += 1
                        guard let low = hex4(), (0xDC00..<0xE000).contains(low) else { return nil }
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    }
                    guard let u = Unicode.Scalar(scalar) else { return nil }
                    out.append(contentsOf: Array(String(Character(u)).utf8))
                default: return nil
                }
            default:
                guard b >= 0x20 else { return nil }
                out.append(b)
            }
        }
        return nil
    }

    private mutating func hex4() -> UInt32? {
        guard i + 4 <= bytes.count else { return nil }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let c = bytes[i]
            i += 1
            let d: UInt32
            switch c {
            case 48...57: d = UInt32(c - 48)
            case 97...102: d = UInt32(c - 87)
            case 65...70: d = UInt32(c - 55)
            default: return nil
            }
            v = v << 4 | d
        }
        return v
    }

    /// The bytes of a JSON number token (validated by `JSONDocumentReader.isJSONNumber`'s rules).
    private mutating func numberToken() -> UnsafeBufferPointer<UInt8>? {
        skipSpace()
        let start = i
        while i < bytes.count {
            let b = bytes[i]
            guard (b >= 48 && b <= 57) || b == UInt8(ascii: "-") || b == UInt8(ascii: "+") || b == UInt8(ascii: ".")
                || b == UInt8(ascii: "e") || b == UInt8(ascii: "E") else { break }
            i += 1
        }
        return i > start ? UnsafeBufferPointer(rebasing: bytes[start..<i]) : nil
    }

    /// An integer written without fraction or exponent, in Int's range.
    mutating func int() -> Int? {
        guard let t = numberToken(), !t.isEmpty else { return nil }
        var k = 0
        var negative = false
        if t[0] == UInt8(ascii: "-") { negative = true; k = 1 }
        guard k < t.count, t.count - k <= 19 else { return nil }
        if t[k] == 48 && t.count - k > 1 { return nil }  // no leading zeros
        var v = 0
        while k < t.count {
            let d = t[k]
            guard d >= 48 && d <= 57 else { return nil }
            let (m, o1) = v.multipliedReportingOverflow(by: 10)
            let (s, o2) = m.addingReportingOverflow(Int(d - 48))
            guard !o1 && !o2 else { return nil }
            v = s
            k += 1
        }
        return negative ? -v : v
    }

    /// A JSON number as the nearest Double (Swift's correctly rounded parser).
    mutating func double() -> Double? {
        guard let t = numberToken(), JSONScanner.isJSONNumber(t) else { return nil }
        // Short tokens parse from a stack buffer; Double(Substring) would allocate.
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: t.count + 1) { buffer -> Double? in
            for k in 0..<t.count { buffer[k] = t[k] }
            buffer[t.count] = 0
            var end: UnsafeMutablePointer<CChar>? = nil
            let value = buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: t.count + 1) { p in
                strtod(p, &end)
            }
            return value.isFinite ? value : nil
        }
    }

    mutating func bool() -> Bool? {
        skipSpace()
        if matches("true") { return true }
        if matches("false") { return false }
        return nil
    }

    /// Consumes `null`.
    mutating func null() -> Bool {
        skipSpace()
        return matches("null")
    }

    private mutating func matches(_ word: StaticString) -> Bool {
        let n = word.utf8CodeUnitCount
        guard i + n <= bytes.count else { return false }
        let p = word.utf8Start
        for k in 0..<n where bytes[i + k] != p[k] { return false }
        i += n
        return true
    }

    /// Skips any one value (for keys a reader does not need).
    mutating func skipValue(depth: Int = 0) -> Bool {
        guard depth < 64, let c = peek() else { return false }
        switch c {
        case UInt8(ascii: "\""): return string() != nil
        case UInt8(ascii: "{"):
            i += 1
            if take(UInt8(ascii: "}")) { return true }
            repeat {
                guard string() != nil, take(UInt8(ascii: ":")), skipValue(depth: depth + 1) else { return false }
            } while take(UInt8(ascii: ","))
            return take(UInt8(ascii: "}"))
        case UInt8(ascii: "["):
            i += 1
            if take(UInt8(ascii: "]")) { return true }
            repeat {
                guard skipValue(depth: depth + 1) else { return false }
            } while take(UInt8(ascii: ","))
            return take(UInt8(ascii: "]"))
        case UInt8(ascii: "t"), UInt8(ascii: "f"): return bool() != nil
        case UInt8(ascii: "n"): return null()
        default: return double() != nil || int() != nil
        }
    }

    /// Reads an object, calling `member` with each key (its raw bytes) positioned at its value;
    /// `member` must consume the value and return false on anything wrong.
    mutating func object(_ member: (inout JSONScanner, UnsafeBufferPointer<UInt8>) -> Bool) -> Bool {
        guard take(UInt8(ascii: "{")) else { return false }
        if take(UInt8(ascii: "}")) { return true }
        repeat {
            guard let key = plainString(), take(UInt8(ascii: ":")), member(&self, key) else { return false }
        } while take(UInt8(ascii: ","))
        return take(UInt8(ascii: "}"))
    }

    /// Reads an array, calling `element` positioned at each element.
    mutating func array(_ element: (inout JSONScanner) -> Bool) -> Bool {
        guard take(UInt8(ascii: "[")) else { return false }
        if take(UInt8(ascii: "]")) { return true }
        repeat {
            guard element(&self) else { return false }
        } while take(UInt8(ascii: ","))
        return take(UInt8(ascii: "]"))
    }

    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`
    static func isJSONNumber(_ t: UnsafeBufferPointer<UInt8>) -> Bool {
        var k = 0
        let n = t.count
        func digit(_ k: Int) -> Bool { k < n && t[k] >= 48 && t[k] <= 57 }
        if k < n && t[k] == UInt8(ascii: "-") { k += 1 }
        guard digit(k) else { return false }
        if t[k] == 48 { k += 1 } else { while digit(k) { k += 1 } }
        if k < n && t[k] == UInt8(ascii: ".") {
            k += 1
            guard digit(k) else { return false }
            while digit(k) { k += 1 }
        }
        if k < n && (t[k] == UInt8(ascii: "e") || t[k] == UInt8(ascii: "E")) {
            k += 1
            if k < n && (t[k] == UInt8(ascii: "+") || t[k] == UInt8(ascii: "-")) { k += 1 }
            guard digit(k) else { return false }
            while digit(k) { k += 1 }
        }
        return k == n
    }
}

extension UnsafeBufferPointer<UInt8> {
    /// Compares with an ASCII literal without making a String.
    func equals(_ word: StaticString) -> Bool {
        guard count == word.utf8CodeUnitCount else { return false }
        let p = word.utf8Start
        for k in 0..<count where self[k] != p[k] { return false }
        return true
    }
}
