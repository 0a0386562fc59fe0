import Foundation

/// A point in time on the wire: an RFC 3339 / ISO 8601 UTC string with milliseconds
/// (`2026-11-29T16:14:03.123Z`), whatever date strategy the JSON coder has. Decoding also
/// accepts a number of seconds since 1970.
public struct Timestamp: Codable, Hashable, Comparable, Sendable, CustomStringConvertible {
    public var secondsSince1970: Double

    public init(secondsSince1970: Double) { self.secondsSince1970 = secondsSince1970 }
    public init(_ date: Date) { secondsSince1970 = date.timeIntervalSince1970 }

    public var date: Date { Date(timeIntervalSince1970: secondsSince1970) }

    public static func < (a: Timestamp, b: Timestamp) -> Bool { a.secondsSince1970 < b.secondsSince1970 }

    public var description: String {
        guard secondsSince1970.isFinite, abs(secondsSince1970) < 1e11 else { return "1970-01-01T00:00:00.000Z" }
        let millis = Int64((secondsSince1970 * 1000).rounded(.down))
        var whole = time_t(millis >= 0 ? millis / 1000 : (millis - 999) / 1000)
        let ms = Int(millis - Int64(whole) * 1000)
        var t = tm()
        gmtime_r(&whole, &t)
        func pad(_ v: Int32, _ n: Int) -> String {
            let s = String(v)
            return s.count >= n ? s : String(repeating: "0", count: n - s.count) + s
        }
        return "\(pad(t.tm_year + 1900, 4))-\(pad(t.tm_mon + 1, 2))-\(pad(t.tm_mday, 2))T"
            + "\(pad(t.tm_hour, 2)):\(pad(t.tm_min, 2)):\(pad(t.tm_sec, 2)).\(pad(Int32(ms), 3))Z"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let seconds = try? c.decode(Double.self) {
            guard seconds.isFinite else {
                throw DecodingError.dataCorruptedError(in: c, debugDescription: "a timestamp must be finite")
            }
            secondsSince1970 = seconds
            return
        }
        let text = try c.decode(String.self)
        guard let t = Timestamp(iso8601: text) else {
            throw DecodingError.dataCorruptedError(in: c, debugDescription: "expected an ISO 8601 time like 2026-11-29T16:14:03.123Z, got '\(text.prefix(40))'")
        }
        self = t
    }

    /// Parses `YYYY-MM-DDTHH:MM:SS[.fff](Z|±HH:MM)`.
    public init?(iso8601 text: String) {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let d = f.date(from: text) { self.init(d); return }
        f.formatOptions = [.withInternetDateTime]
        if let d = f.date(from: text) { self.init(d); return }
        return nil
    }
}
