import Testing
import TestSupport
@testable import SweepModel

@Suite struct CanonicalJSONTests {
    @Test(arguments: [
        (0.0, "0"), (-0.0, "0"), (1.0, "1"), (-2.0, "-2"), (0.001, "0.001"), (1e-3, "0.001"),
        (1e-6, "0.000001"), (1e-7, "1e-7"), (1.5e-7, "1.5e-7"), (123.456, "123.456"), (1e20, "100000000000000000000"),
        (1e21, "1e+21"), (1.2345e22, "1.2345e+22"), (0.1 + 0.2, "0.30000000000000004"), (5e-324, "5e-324"),
        (1.7976931348623157e308, "1.7976931348623157e+308"), (0.999, "0.999"), (100.0, "100"), (0.5, "0.5"),
        (1e-4, "0.0001"), (1.5e-5, "0.000015"), (0.00012345, "0.00012345"), (123456789012345.6, "123456789012345.6"),
        (1e15, "1000000000000000"), (1e16, "10000000000000000"), (9007199254740993, "9007199254740992"), (-1e-7, "-1e-7"),
    ])
    func numbersFollowECMAScript(value: Double, text: String) {
        #expect(CanonicalJSON.number(value) == text)
        #expect(Double(text) == value || (value == 0 && Double(text) == 0))
    }

    @Test func randomDoublesRoundTripInCanonicalForm() {
        var rng = SeededRandom.forTest()
        for _ in 0..<20_000 {
            let x = Double(bitPattern: rng.next() as UInt64)
            guard x.isFinite else { continue }
            let t = CanonicalJSON.number(x)
            #expect(Double(t) == x, "\(x) -> \(t)")
            let a = abs(x)
            let hasExponent = t.contains("e")
            #expect(hasExponent == (a != 0 && (a < 1e-6 || a >= 1e21)), "\(x) -> \(t)")
            #expect(!t.hasSuffix(".0") && !t.contains("e+0") && !t.contains("e-0"), "\(x) -> \(t)")
            if let dot = t.firstIndex(of: "."), !hasExponent { #expect(t.last != "0", "\(x) -> \(t)"); _ = dot }
        }
    }

    @Test func stringsAreEscapedMinimally() {
        #expect(CanonicalJSON.string("a\"b\\c\n\u{01}é/") == "\"a\\\"b\\\\c\\n\\u0001é/\"")
    }

    @Test func keysAreSortedByCodeUnit() {
        let keys = CanonicalJSON.sortedKeys.map(\.rawValue)
        #expect(keys == keys.sorted { $0.utf16.lexicographicallyPrecedes($1.utf16) })
        #expect(keys.firstIndex(of: "dataSeed")! < keys.firstIndex(of: "dataset")!)
    }
}
