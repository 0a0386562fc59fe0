/// The value of one config key: what `TrialConfig[key]` reads and writes, what grid files'
/// `base` and `axes` hold, what a phase table's axes are made of, and what the HTTP API sends
/// for a grid's values. In JSON it is a plain number, string, boolean or null.
///
/// One number is one value: `.int(4) == .double(4)` (JSON does not tell them apart, so a table
/// read back from JSON finds its cells). Values sort numbers first (ints and doubles together, numerically), then booleans (false
/// first), then strings, then null: axis order in tables and figures.
public enum ConfigValue: Hashable, Sendable {
    case int(Int)
    case double(Double)
    case bool(Bool)
    case string(String)
    /// An optional key left unset (`inputDim: null` = the data set's own).
    case null

    /// The value as a number (ints included); nil for other kinds.
    public var number: Double? {
        switch self {
        case .int(let i): Double(i)
        case .double(let d): d
        default: nil
        }
    }

    /// A number of either kind.
    public var isNumber: Bool { number != nil }
}

extension ConfigValue {
    public static func == (a: ConfigValue, b: ConfigValue) -> Bool {
        switch (a, b) {
        case (.int(let x), .int(let y)): x == y
        case (.double(let x), .double(let y)): x == y
        case (.int(let i), .double(let d)), (.double(let d), .int(let i)): d == Double(i) && Int(exactly: d) == i
        case (.bool(let x), .bool(let y)): x == y
        case (.string(let x), .string(let y)): x == y
        case (.null, .null): true
        default: false
        }
    }

    public func hash(into hasher: inout Hasher) {
        switch self {
        case .int(let i): hasher.combine(0); hasher.combine(Double(i))
        case .double(let d): hasher.combine(0); hasher.combine(d)
        case .bool(let b): hasher.combine(1); hasher.combine(b)
        case .string(let s): hasher.combine(2); hasher.combine(s)
        case .null: hasher.combine(3)
        }
    }
}

extension ConfigValue: Comparable {
    private var rank: Int {
        switch self {
        case .int, .double: 0
        case .bool: 1
        case .string: 2
        case .null: 3
        }
    }

    public static func < (a: ConfigValue, b: ConfigValue) -> Bool {
        switch (a, b) {
        case (.bool(let x), .bool(let y)): return !x && y
        case (.string(let x), .string(let y)): return x < y
        default:
            if let x = a.number, let y = b.number { return x < y }
            return a.rank < b.rank
        }
    }
}

extension ConfigValue: Codable {
    /// JSON null, true/false, a number (an integer when it is written without a fraction or
    /// exponent and fits Int), or a string.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() {
            self = .null
        } else if let b = try? c.decode(Bool.self) {
            self = .bool(b)
        } else if let i = try? c.decode(Int.self) {
            self = .int(i)
        } else if let d = try? c.decode(Double.self) {
            self = .double(d)
        } else {
            self = .string(try c.decode(String.self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .int(let i): try c.encode(i)
        case .double(let d): try c.encode(d)
        case .bool(let b): try c.encode(b)
        case .string(let s): try c.encode(s)
        case .null: try c.encodeNil()
        }
    }
}
