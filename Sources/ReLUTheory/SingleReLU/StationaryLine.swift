/// A segment or ray of stationary points. Usually on the line b = intercept + slope * w, for
/// lowerW <= w <= upperW (nil = unbounded on that side): when the active set holds a single
/// distinct x value x_a, slope = -x_a. With an output bias and every point active, b and c
/// trade off and the ray is vertical: w fixed, b >= `vertical.lowerB`.
public struct StationaryLine: Hashable, Codable, Sendable {
    public let intercept: Double
    public let slope: Double
    public let lowerW: Double?
    public let upperW: Double?
    /// Set for a vertical ray (then `intercept` and `slope` are NaN and lowerW = upperW = w).
    public let vertical: VerticalRay?

    public struct VerticalRay: Hashable, Codable, Sendable {
        public let w: Double
        /// The ray starts here (excluded when the ray is open at its end).
        public let lowerB: Double
    }

    public init(intercept: Double, slope: Double, lowerW: Double?, upperW: Double?) {
        self.intercept = intercept
        self.slope = slope
        self.lowerW = lowerW
        self.upperW = upperW
        vertical = nil
    }

    /// The vertical ray w = `w`, b >= `lowerB`.
    public init(verticalAtW w: Double, lowerB: Double) {
        intercept = .nan
        slope = .nan
        lowerW = w
        upperW = w
        vertical = VerticalRay(w: w, lowerB: lowerB)
    }

    public func b(atW w: Double) -> Double { intercept + slope * w }

    /// The part of the line between w in [wLo, wHi] and b in [bLo, bHi] as a segment, or nil.
    public func segment(wLo: Double, wHi: Double, bLo: Double, bHi: Double) -> (PlaneVector, PlaneVector)? {
        if let v = vertical {
            guard v.w >= wLo, v.w <= wHi else { return nil }
            let a = max(v.lowerB, bLo)
            guard a < bHi else { return nil }
            return (PlaneVector(w: v.w, b: a), PlaneVector(w: v.w, b: bHi))
        }
        let wa = max(lowerW ?? -.infinity, wLo), wb = min(upperW ?? .infinity, wHi)
        guard wa < wb else { return nil }
        return (PlaneVector(w: wa, b: b(atW: wa)), PlaneVector(w: wb, b: b(atW: wb)))
    }
}
