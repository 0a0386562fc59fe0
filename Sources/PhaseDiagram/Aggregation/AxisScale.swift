import SweepModel
import ReLUCore
import Foundation

/// How an axis is drawn: numbers on a linear or logarithmic axis, or names in order.
public enum AxisScale: String, Codable, Sendable, CaseIterable {
    case linear
    case log
    case categorical

    /// The scale values call for: `log` when all are positive numbers spread over at least a
    /// factor 4 whose logarithms are more evenly spaced than the values themselves (a geometric
    /// grid such as 1e-4, 1e-3, ... or 1, 2, 4, 8); `linear` for other numbers; `categorical` when
    /// any value is a name. Two positive values are `log` when they differ by a factor >= 100.
    public static func detect(_ values: [ConfigValue]) -> AxisScale {
        let numbers = values.compactMap(\.number)
        guard numbers.count == values.count, !numbers.isEmpty else { return .categorical }
        let sorted = Array(Set(numbers)).sorted()
        guard let first = sorted.first, let last = sorted.last, first > 0, sorted.count >= 2 else { return .linear }
        let ratio = last / first
        if sorted.count == 2 { return ratio >= 100 ? .log : .linear }
        guard ratio >= 4 else { return .linear }
        return unevenness(sorted.map(log10)) < unevenness(sorted) ? .log : .linear
    }

    /// (largest gap - smallest gap) / mean gap between consecutive sorted values: 0 = even.
    static func unevenness(_ sorted: [Double]) -> Double {
        let gaps = zip(sorted.dropFirst(), sorted).map { $0 - $1 }
        guard let lo = gaps.min(), let hi = gaps.max() else { return 0 }
        let mean = gaps.reduce(0, +) / Double(gaps.count)
        return mean > 0 ? (hi - lo) / mean : 0
    }
}

/// The caller's choice of scale for an axis (`--x-scale`): detect it, or force one.
public enum AxisScaleChoice: String, Codable, Sendable, CaseIterable {
    case auto
    case linear
    case log
    case categorical

    /// The scale used for `values`; forcing `log` or `linear` on names (or `log` on values <= 0)
    /// is an error the aggregator reports.
    func resolve(_ values: [ConfigValue]) -> AxisScale {
        switch self {
        case .auto: AxisScale.detect(values)
        case .linear: .linear
        case .log: .log
        case .categorical: .categorical
        }
    }
}
