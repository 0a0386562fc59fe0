/// The value of one axis key in one trial: a number (targetStd, momentum, depth, lr, ...) or a
/// name (model, optimizer, dataset). Numbers sort numerically and before names. In JSON it is a
/// plain number or string.
public enum AxisValue: Hashable, Sendable, Comparable, Codable, CustomStringConvertible {
    case number(Double)
    case text(String)

    public var number: Double? {
        if case .number(let x) = self { return x }
        return nil
    }

    /// The spelling used in tables, labels and CSV cells (1e-3, 0.9, momentum).
    public var description: String {
        switch self {
        case .number(let x): NumberFormat.axis(x)
        case .text(let s): s
        }
    }

    public static func < (a: AxisValue, b: AxisValue) -> Bool {
        switch (a, b) {
        case (.number(let x), .number(let y)): x < y
        case (.number, .text): true
        case (.text, .number): false
        case (.text(let x), .text(let y)): x < y
        }
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let x = try? c.decode(Double.self) {
            self = .number(x)
        } else {
            self = .text(try c.decode(String.self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .number(let x): try c.encode(x)
        case .text(let s): try c.encode(s)
        }
    }
}
