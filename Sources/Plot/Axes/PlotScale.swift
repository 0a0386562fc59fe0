import Foundation

/// Maps data values to pixels along one axis, linearly or logarithmically, and proposes ticks.
public struct PlotScale: Hashable, Sendable {
    public enum Kind: String, Hashable, Sendable { case linear, log }

    public var kind: Kind
    /// Data interval (both ends > 0 for log).
    public var domain: ClosedRange<Double>
    /// Pixel positions of domain.lowerBound and domain.upperBound (end < start for a y axis).
    public var start: Double
    public var end: Double

    public init(kind: Kind, domain: ClosedRange<Double>, start: Double, end: Double) {
        precondition(kind == .linear || domain.lowerBound > 0, "a log scale needs a positive domain")
        self.kind = kind
        self.domain = domain
        self.start = start
        self.end = end
    }

    private func transform(_ v: Double) -> Double { kind == .log ? log10(v) : v }

    /// The pixel position of v (values outside the domain extrapolate).
    public func position(_ v: Double) -> Double {
        let a = transform(domain.lowerBound), b = transform(domain.upperBound)
        guard b != a else { return (start + end) / 2 }
        return start + (transform(v) - a) / (b - a) * (end - start)
    }

    /// The data value at pixel position p: the inverse of `position` (for tests and overlays
    /// that read a drawing back).
    public func value(atPixel p: Double) -> Double {
        let a = transform(domain.lowerBound), b = transform(domain.upperBound)
        guard end != start else { return domain.lowerBound }
        let t = a + (p - start) / (end - start) * (b - a)
        return kind == .log ? pow(10, t) : t
    }

    /// Labelled ticks (decades on a log axis, 1-2-5 steps on a linear one) and unlabelled minor
    /// ticks (2..9 within decades when the axis spans few decades).
    public func ticks(maximum: Int = 7) -> [PlotTick] {
        kind == .log ? logTicks(maximum: maximum) : linearTicks(maximum: maximum)
    }

    func linearTicks(maximum: Int) -> [PlotTick] {
        let span = domain.upperBound - domain.lowerBound
        guard span > 0 else { return [PlotTick(value: domain.lowerBound, label: NumberFormat.axis(domain.lowerBound), major: true)] }
        let raw = span / Double(max(1, maximum - 1))
        let magnitude = pow(10, floor(log10(raw)))
        let step = [1.0, 2, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? 10 * magnitude
        var out: [PlotTick] = []
        var k = ceil(domain.lowerBound / step - 1e-9)
        while k * step <= domain.upperBound + step * 1e-9 {
            // Multiply, never accumulate, so 0.1 + 0.2 never shows up as 0.30000000000000004.
            let v = (k * step * 1e12).rounded() / 1e12
            out.append(PlotTick(value: v, label: NumberFormat.axis(v == 0 ? 0 : v), major: true))
            k += 1
        }
        return out
    }

    func logTicks(maximum: Int) -> [PlotTick] {
        let lo = Int(floor(log10(domain.lowerBound) + 1e-9))
        let hi = Int(ceil(log10(domain.upperBound) - 1e-9))
        let decades = max(1, hi - lo)
        let every = max(1, Int(ceil(Double(decades + 1) / Double(max(1, maximum)))))
        var out: [PlotTick] = []
        for e in lo...hi {
            let decade = pow(10, Double(e))
            if decade >= domain.lowerBound * (1 - 1e-9), decade <= domain.upperBound * (1 + 1e-9) {
                let labelled = (e - lo) % every == 0
                out.append(PlotTick(value: decade, label: labelled ? NumberFormat.decade(e) : "", major: labelled))
            }
            if decades <= 6 {
                for m in 2...9 {
                    let v = Double(m) * decade
                    if v > domain.lowerBound, v < domain.upperBound { out.append(PlotTick(value: v, label: "", major: false)) }
                }
            }
        }
        return out
    }

    /// A domain that includes `values` with a margin, for plots; log domains get whole decades
    /// when close to them.
    public static func paddedDomain(_ values: [Double], kind: Kind) -> ClosedRange<Double> {
        let finite = values.filter { $0.isFinite && (kind == .linear || $0 > 0) }
        guard var lo = finite.min(), var hi = finite.max() else { return kind == .log ? 0.1...10 : 0...1 }
        if kind == .log {
            if lo == hi { lo /= 10; hi *= 10 }
            let l = log10(lo), h = log10(hi), pad = (h - l) * 0.05
            return pow(10, l - pad)...pow(10, h + pad)
        }
        if lo == hi { lo -= 0.5; hi += 0.5 }
        let pad = (hi - lo) * 0.05
        return (lo - pad)...(hi + pad)
    }
}

/// A tick mark; unlabelled ticks are minor.
public struct PlotTick: Hashable, Sendable {
    public var value: Double
    public var label: String
    public var major: Bool

    public init(value: Double, label: String, major: Bool) {
        self.value = value
        self.label = label
        self.major = major
    }
}
