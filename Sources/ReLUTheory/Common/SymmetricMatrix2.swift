/// A symmetric 2x2 matrix [[ww, wb], [wb, bb]]: a Hessian on the (w, b) plane.
public struct SymmetricMatrix2: Hashable, Codable, Sendable {
    public var ww: Double
    public var wb: Double
    public var bb: Double

    public init(ww: Double, wb: Double, bb: Double) {
        self.ww = ww
        self.wb = wb
        self.bb = bb
    }

    /// Real eigenvalues, ascending.
    public var eigenvalues: [Double] {
        let mean = (ww + bb) / 2
        let half = (ww - bb) / 2
        let r = (half * half + wb * wb).squareRoot()
        return [mean - r, mean + r]
    }

    public func applied(to v: PlaneVector) -> PlaneVector {
        PlaneVector(w: ww * v.w + wb * v.b, b: wb * v.w + bb * v.b)
    }
}
