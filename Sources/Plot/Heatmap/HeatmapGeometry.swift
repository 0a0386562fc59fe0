import Foundation

/// Where a heatmap panel put its cells, so overlays (a theory's predicted boundary) can be
/// drawn in data coordinates. Between two axis values the position is interpolated linearly in
/// the axis's own coordinate (log10 on a log axis); beyond the outer values it is extrapolated
/// from the last two.
public struct HeatmapGeometry: Sendable {
    /// Index of the facet panel.
    public let facetIndex: Int
    /// Pixel rectangle of the cell area.
    public let left: Double, top: Double, width: Double, height: Double
    let xCenters: [(value: Double, pixel: Double)]
    let yCenters: [(value: Double, pixel: Double)]
    let xLog: Bool, yLog: Bool

    init(facetIndex: Int, left: Double, top: Double, width: Double, height: Double,
         xNumbers: [Double?], xBands: [(lower: Double, upper: Double)], xLog: Bool,
         yNumbers: [Double?], yBands: [(lower: Double, upper: Double)], yLog: Bool) {
        self.facetIndex = facetIndex
        self.left = left
        self.top = top
        self.width = width
        self.height = height
        self.xLog = xLog
        self.yLog = yLog
        xCenters = zip(xNumbers, xBands).compactMap { v, b in v.map { ($0, left + (b.lower + b.upper) / 2) } }
        yCenters = zip(yNumbers, yBands).compactMap { v, b in v.map { ($0, top + height - (b.lower + b.upper) / 2) } }
    }

    /// The pixel of data point (x, y); nil on a non-numeric axis or outside a log axis's domain.
    public func point(x: Double, y: Double) -> (x: Double, y: Double)? {
        guard let px = Self.interpolate(x, xCenters, log: xLog), let py = Self.interpolate(y, yCenters, log: yLog) else { return nil }
        return (px, py)
    }

    static func interpolate(_ v: Double, _ centers: [(value: Double, pixel: Double)], log: Bool) -> Double? {
        func t(_ x: Double) -> Double? { log ? (x > 0 ? Foundation.log10(x) : nil) : x }
        guard let tv = t(v), let first = centers.first else { return nil }
        if centers.count == 1 { return v == first.value ? first.pixel : nil }
        var i = 0
        while i < centers.count - 2 && centers[i + 1].value < v { i += 1 }
        guard let a = t(centers[i].value), let b = t(centers[i + 1].value), b != a else { return nil }
        return centers[i].pixel + (tv - a) / (b - a) * (centers[i + 1].pixel - centers[i].pixel)
    }
}
