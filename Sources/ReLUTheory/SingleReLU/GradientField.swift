/// The loss and its gradient sampled on a regular grid of the (w, b) plane: the data behind the
/// field plot of paper figure P4. Row-major with b outer (rows = b values, bottom to top):
/// value at (ws[i], bs[j]) is at index j * ws.count + i.
public struct GradientField: Hashable, Codable, Sendable {
    public let ws: [Double]
    public let bs: [Double]
    /// dL/dw, dL/db (mean((f - y)^2) convention).
    public let gradientW: [Double]
    public let gradientB: [Double]
    public let loss: [Double]
    /// In the dead region (gradient exactly zero).
    public let dead: [Bool]

    public func index(wIndex i: Int, bIndex j: Int) -> Int { j * ws.count + i }
}

extension SingleReLUSurface {
    /// Samples `wCount` x `bCount` grid points spanning the window, edges included (counts >= 2).
    public func gradientField(in window: PlaneWindow, wCount: Int, bCount: Int) throws(TheoryError) -> GradientField {
        guard wCount >= 2 else { throw TheoryError(argument: "wCount", "needs >= 2 grid points, got \(wCount)") }
        guard bCount >= 2 else { throw TheoryError(argument: "bCount", "needs >= 2 grid points, got \(bCount)") }
        let ws = (0..<wCount).map { window.wMin + (window.wMax - window.wMin) * Double($0) / Double(wCount - 1) }
        let bs = (0..<bCount).map { window.bMin + (window.bMax - window.bMin) * Double($0) / Double(bCount - 1) }
        var gw: [Double] = [], gb: [Double] = [], ls: [Double] = [], dead: [Bool] = []
        for b in bs {
            for w in ws {
                let e = evaluate(w: w, b: b, c: outputBias(w: w, b: b))
                gw.append(e.gradW)
                gb.append(e.gradB)
                ls.append(e.loss)
                dead.append(isDead(w: w, b: b))
            }
        }
        return GradientField(ws: ws, bs: bs, gradientW: gw, gradientB: gb, loss: ls, dead: dead)
    }
}
