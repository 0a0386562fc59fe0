import Foundation
import Testing
@testable import SweepModel

@Suite struct TimestampParsingTests {
    @Test func theFastParserAgreesWithTheFormatter() throws {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        for seconds in [0.0, 1_764_432_843.123, 951_782_400.5, 4_102_444_799.999, 1_709_210_096.001] {
            let text = Timestamp(secondsSince1970: seconds).description
            let fast = try #require(Timestamp(iso8601: text))
            let slow = try #require(formatter.date(from: text))
            #expect(abs(fast.secondsSince1970 - slow.timeIntervalSince1970) < 1e-6, "\(text)")
        }
        #expect(Timestamp(iso8601: "2026-11-29T17:14:03+01:30")?.secondsSince1970 == Timestamp(iso8601: "2026-11-29T15:44:03Z")?.secondsSince1970)
        #expect(Timestamp(iso8601: "2026-13-29T17:14:03Z") == nil)
        #expect(Timestamp(iso8601: "2026-11-29T17:14:03") == nil)
        #expect(Timestamp(iso8601: "2026-11-29T17:14:03.Z") == nil)
    }
}
