import Plot
import Foundation

/// The phase table as JSON: the `PhaseTable` encoding (metric, xKey, yKey, facetKeys, scales,
/// axis values, facets, cells with x, y, facet, n, fraction, lower, upper and the other
/// statistics, totals, conflicts). Keys sorted; an infinite nMSE is the string "inf".
public enum JSONPhaseRenderer {
    public static func render(_ table: PhaseTable, pretty: Bool = true) throws -> String {
        String(decoding: try encoder(pretty: pretty).encode(table), as: UTF8.self) + (pretty ? "\n" : "")
    }

    /// Reads what `render` wrote.
    public static func decode(_ json: String) throws -> PhaseTable {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try decoder.decode(PhaseTable.self, from: Data(json.utf8))
    }

    public static func encoder(pretty: Bool = true) -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return encoder
    }
}
