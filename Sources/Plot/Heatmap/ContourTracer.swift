/// Level lines of a function sampled on a rectangular grid (marching squares), joined into
/// polylines. Used for loss contours (P4) and for a predicted P(dead) = 0.5 boundary (P2).
///
/// A grid point is "inside" when its value is > level. Along a grid edge whose ends differ the
/// crossing is interpolated linearly in the coordinates given (pass log10 values for a log
/// axis). Cells with a non-finite corner are skipped, so a missing value breaks a line rather
/// than bending it. Saddle cells (diagonal corners inside) are split by the cell's mean value.
public struct ContourTracer: Sendable {
    public let xs: [Double]
    public let ys: [Double]
    /// Row-major, y outer: the value at (xs[i], ys[j]) is values[j * xs.count + i].
    public let values: [Double]

    public init(xs: [Double], ys: [Double], values: [Double]) {
        precondition(values.count == xs.count * ys.count, "a contour grid needs one value per (x, y)")
        self.xs = xs
        self.ys = ys
        self.values = values
    }

    /// A grid edge: from (i, j) to (i + 1, j) when horizontal, to (i, j + 1) when vertical.
    struct Edge: Hashable {
        var horizontal: Bool
        var i: Int
        var j: Int
    }

    func value(_ i: Int, _ j: Int) -> Double { values[j * xs.count + i] }

    /// The level lines: open polylines first (they end on the grid's border or at a skipped
    /// cell), then closed loops (first point repeated at the end).
    public func lines(at level: Double) -> [[PlotPoint]] {
        guard xs.count >= 2, ys.count >= 2 else { return [] }
        var segments: [(Edge, Edge)] = []
        for j in 0..<(ys.count - 1) {
            for i in 0..<(xs.count - 1) {
                segments += cellSegments(i, j, level)
            }
        }
        return chain(segments, level: level)
    }

    func cellSegments(_ i: Int, _ j: Int, _ level: Double) -> [(Edge, Edge)] {
        let a = value(i, j), b = value(i + 1, j), c = value(i + 1, j + 1), d = value(i, j + 1)
        guard a.isFinite, b.isFinite, c.isFinite, d.isFinite else { return [] }
        let bottom = Edge(horizontal: true, i: i, j: j), top = Edge(horizontal: true, i: i, j: j + 1)
        let left = Edge(horizontal: false, i: i, j: j), right = Edge(horizontal: false, i: i + 1, j: j)
        let ia = a > level, ib = b > level, ic = c > level, id = d > level
        var crossed: [Edge] = []
        if ia != ib { crossed.append(bottom) }
        if ib != ic { crossed.append(right) }
        if ic != id { crossed.append(top) }
        if id != ia { crossed.append(left) }
        switch crossed.count {
        case 2: return [(crossed[0], crossed[1])]
        case 4:
            // Saddle: corners a and c on one side, b and d on the other. If the centre is on a's
            // side, a and c connect through it and the lines cut off b and d.
            let centreInside = (a + b + c + d) / 4 > level
            if centreInside == ia {
                return [(bottom, right), (top, left)]
            }
            return [(left, bottom), (right, top)]
        default: return []
        }
    }

    func point(_ e: Edge, _ level: Double) -> PlotPoint {
        let (i2, j2) = e.horizontal ? (e.i + 1, e.j) : (e.i, e.j + 1)
        let va = value(e.i, e.j), vb = value(i2, j2)
        let t = vb == va ? 0.5 : min(1, max(0, (level - va) / (vb - va)))
        return PlotPoint(x: xs[e.i] + t * (xs[i2] - xs[e.i]), y: ys[e.j] + t * (ys[j2] - ys[e.j]))
    }

    /// Joins segments sharing an edge (each interior edge belongs to two cells).
    func chain(_ segments: [(Edge, Edge)], level: Double) -> [[PlotPoint]] {
        var byEdge: [Edge: [Int]] = [:]
        for (k, s) in segments.enumerated() {
            byEdge[s.0, default: []].append(k)
            byEdge[s.1, default: []].append(k)
        }
        var used = [Bool](repeating: false, count: segments.count)
        var out: [[PlotPoint]] = []

        func walk(from start: Edge, segment first: Int) -> [Edge] {
            var edges = [start]
            var current = start
            var k = first
            while true {
                used[k] = true
                let next = segments[k].0 == current ? segments[k].1 : segments[k].0
                edges.append(next)
                current = next
                guard let following = byEdge[current]?.first(where: { !used[$0] }) else { break }
                k = following
            }
            return edges
        }

        // Open lines start at an edge that only one segment touches.
        let ends = byEdge.filter { $0.value.count == 1 }.keys.sorted { ($0.j, $0.i, $0.horizontal ? 0 : 1) < ($1.j, $1.i, $1.horizontal ? 0 : 1) }
        for edge in ends {
            guard let k = byEdge[edge]?.first, !used[k] else { continue }
            out.append(walk(from: edge, segment: k).map { point($0, level) })
        }
        for k in segments.indices where !used[k] {
            out.append(walk(from: segments[k].0, segment: k).map { point($0, level) })
        }
        return out
    }
}
