import Testing
@testable import SweepModel

@Suite struct CanonicalJSONTests {
    @Test(arguments: [
        (0.0, "0"), (-0.0, "0"), (1.0, "1"), (-2.0, "-2"), (0.001, "0.001"), (1e-3, "0.001"),
        (1e-6, "0.000001"), (1e-7, "1e-7"), (1.5e-7, "1.5e-7"), (123.456, "123.456"), (1e20, "100000000000000000000"),
        (1e21, "1e+21"), (1.2345e22, "1.2345e+22"), (0.1 + 0.2, "0.30000000000000004"), (5e-324, "5e-324"),
        (1.7976931348623157e308, "1.7976931348623157e+308"), (0.999, "0.999"), (100.0, "100"), (0.5, "0.5"),
    ])
    func numbersFollowECMAScript(value: Double, text: String) {
        #expect(CanonicalJSON.number(value) == text)
        #expect(Double(text) == value || (value == 0 && Double(text) == 0))
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
