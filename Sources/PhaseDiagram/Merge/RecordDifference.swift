import Foundation

/// Which top-level keys two records' configs or metrics disagree on (for conflict reports).
enum RecordDifference {
    /// Top-level JSON keys whose values differ between two encodable values.
    static func keys<T: Encodable>(_ a: T?, _ b: T?) -> [String] {
        func object(_ value: T?) -> [String: Any] {
            guard let value else { return [:] }
            let encoder = JSONEncoder()
            encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
            guard let data = try? encoder.encode(value),
                  let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return [:] }
            return json
        }
        // Compare each value by its canonical JSON bytes (portable: no NSObject equality).
        func canonical(_ value: Any) -> Data? {
            try? JSONSerialization.data(withJSONObject: [value], options: [.sortedKeys])
        }
        let x = object(a)
        let y = object(b)
        return Set(x.keys).union(y.keys).sorted().filter { key in
            switch (x[key], y[key]) {
            case (nil, nil): false
            case (let u?, let v?): canonical(u) != canonical(v)
            default: true
            }
        }
    }
}
