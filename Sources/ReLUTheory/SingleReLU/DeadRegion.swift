/// The dead region D = {(w, b) : w x_i + b <= 0 for every i} of a single ReLU on 1-D data.
///
/// w x + b is linear in x, so its maximum over the data sits at xMin or xMax and
/// D = {b <= -w xMin} intersected with {b <= -w xMax}: a closed convex cone with its apex at the
/// origin, bounded by the ray along (1, -xMax) (w >= 0) and the ray along (-1, xMin) (w <= 0).
/// For standardized inputs (xMin < 0 < xMax) it contains the whole negative b axis. On D every
/// ReLU output is 0 and the gradient in (w, b) is exactly zero.
public struct DeadRegion: Hashable, Codable, Sendable {
    public let xMin: Double
    public let xMax: Double

    public init(xMin: Double, xMax: Double) {
        precondition(xMin <= xMax)
        self.xMin = xMin
        self.xMax = xMax
    }

    /// Membership, with the convention that a pre-activation of exactly 0 is inactive (as the
    /// training core's `h > 0` test).
    public func contains(w: Double, b: Double) -> Bool {
        w * xMin + b <= 0 && w * xMax + b <= 0
    }

    /// The upper edge: D = {b <= boundaryB(w)}. Concave and piecewise linear with its kink at w = 0.
    public func boundaryB(w: Double) -> Double {
        min(-w * xMin, -w * xMax)
    }

    /// Unit directions of the two boundary rays from the apex: for w >= 0 and for w <= 0.
    public var boundaryRays: (positiveW: PlaneVector, negativeW: PlaneVector) {
        func unit(_ v: PlaneVector) -> PlaneVector { PlaneVector(w: v.w / v.norm, b: v.b / v.norm) }
        return (unit(PlaneVector(w: 1, b: -xMax)), unit(PlaneVector(w: -1, b: xMin)))
    }

    /// D clipped to a window, as a polygon: the top edge from left to right, then the two bottom
    /// corners from right to left (clockwise with w to the right and b up); empty when D misses
    /// the window.
    public func polygon(in window: PlaneWindow) -> [PlaneVector] {
        // Between the breakpoints below, min(bMax, boundaryB(w)) is linear, so the top chain is exact.
        var ws = [window.wMin, window.wMax]
        if window.wMin < 0 && 0 < window.wMax { ws.append(0) }
        for slope in [-xMin, -xMax] where slope != 0 {
            for level in [window.bMin, window.bMax] {
                let w = level / slope
                if w > window.wMin && w < window.wMax { ws.append(w) }
            }
        }
        ws.sort()
        let top = ws.compactMap { w -> PlaneVector? in
            let edge = boundaryB(w: w)
            // Keep columns where D reaches the window (tiny slack for the crossing points).
            guard edge >= window.bMin - 1e-12 * max(1, abs(window.bMin)) else { return nil }
            return PlaneVector(w: w, b: max(window.bMin, min(window.bMax, edge)))
        }
        guard let first = top.first, let last = top.last, first.w < last.w else { return [] }
        return top + [PlaneVector(w: last.w, b: window.bMin), PlaneVector(w: first.w, b: window.bMin)]
    }
}
