/// A rectangle of the (w, b) plane, for fields and plots.
public struct PlaneWindow: Hashable, Codable, Sendable {
    public var wMin: Double, wMax: Double
    public var bMin: Double, bMax: Double

    public init(wMin: Double, wMax: Double, bMin: Double, bMax: Double) throws(TheoryError) {
        guard wMin.isFinite, wMax.isFinite, wMin < wMax else {
            throw TheoryError(argument: "w range", "needs finite wMin < wMax, got \(wMin)...\(wMax)")
        }
        guard bMin.isFinite, bMax.isFinite, bMin < bMax else {
            throw TheoryError(argument: "b range", "needs finite bMin < bMax, got \(bMin)...\(bMax)")
        }
        self.wMin = wMin
        self.wMax = wMax
        self.bMin = bMin
        self.bMax = bMax
    }

    /// The smallest window holding every point (and the origin, the apex of the dead region),
    /// widened by `margin` times its size on each side.
    public static func enclosing(_ points: [PlaneVector], margin: Double = 0.1) -> PlaneWindow {
        var wLo = 0.0, wHi = 0.0, bLo = 0.0, bHi = 0.0
        for p in points where p.w.isFinite && p.b.isFinite {
            wLo = min(wLo, p.w); wHi = max(wHi, p.w)
            bLo = min(bLo, p.b); bHi = max(bHi, p.b)
        }
        let dw = max(wHi - wLo, 1e-12), db = max(bHi - bLo, 1e-12)
        // Cannot throw: both spans are positive and finite.
        return try! PlaneWindow(wMin: wLo - margin * dw, wMax: wHi + margin * dw,
                                bMin: bLo - margin * db, bMax: bHi + margin * db)
    }

    public func contains(_ p: PlaneVector) -> Bool {
        p.w >= wMin && p.w <= wMax && p.b >= bMin && p.b <= bMax
    }
}
