/// The data points a single ReLU is active on (w x + b > 0), as the index range
/// lower..<upper of the data sorted by x. For 1-D data this set is always empty, everything,
/// a prefix (w < 0: small x active) or a suffix (w > 0: large x active).
public struct ActiveSet: Hashable, Codable, Sendable {
    public enum Kind: String, Codable, Sendable {
        case none, all, prefix, suffix
    }

    public let lower: Int
    public let upper: Int
    public let kind: Kind

    public init(lower: Int, upper: Int, total: Int) {
        precondition(0 <= lower && lower <= upper && upper <= total)
        self.lower = lower
        self.upper = upper
        if lower == upper {
            kind = .none
        } else if lower == 0 && upper == total {
            kind = .all
        } else if lower == 0 {
            kind = .prefix
        } else {
            precondition(upper == total, "an active set of 1-D data touches an end of the sorted data")
            kind = .suffix
        }
    }

    public var count: Int { upper - lower }
    public var isEmpty: Bool { lower == upper }
}
