/// Point markers that stay distinguishable without colour (shape carries the meaning).
public enum MarkerShape: String, Hashable, Sendable, CaseIterable {
    case circle, ring, square, diamond, cross, triangle

    /// The marker centred at (x, y), `size` px across.
    public func element(x: Double, y: Double, size: Double, color: String, cls: String? = nil) -> SVGElement {
        let r = size / 2
        let px = SVGElement.px
        var a: [(String, String)] = cls.map { [("class", $0)] } ?? []
        switch self {
        case .circle:
            return .circle(x: x, y: y, r: r, fill: color, cls: cls)
        case .ring:
            a += [("cx", px(x)), ("cy", px(y)), ("r", px(r)), ("fill", "#ffffff"), ("stroke", color), ("stroke-width", "2")]
            return SVGElement("circle", a)
        case .square:
            a += [("x", px(x - r)), ("y", px(y - r)), ("width", px(size)), ("height", px(size)), ("fill", color),
                  ("stroke", "#ffffff"), ("stroke-width", "0.8")]
            return SVGElement("rect", a)
        case .diamond:
            let points = [(x, y - r * 1.25), (x + r, y), (x, y + r * 1.25), (x - r, y)]
            a += [("points", points.map { "\(px($0.0)),\(px($0.1))" }.joined(separator: " ")), ("fill", color),
                  ("stroke", "#ffffff"), ("stroke-width", "0.8")]
            return SVGElement("polygon", a)
        case .cross:
            a += [("d", "M\(px(x - r)),\(px(y - r))L\(px(x + r)),\(px(y + r))M\(px(x - r)),\(px(y + r))L\(px(x + r)),\(px(y - r))"),
                  ("fill", "none"), ("stroke", color), ("stroke-width", "2")]
            return SVGElement("path", a)
        case .triangle:
            let points = [(x, y - r * 1.15), (x + r, y + r * 0.85), (x - r, y + r * 0.85)]
            a += [("points", points.map { "\(px($0.0)),\(px($0.1))" }.joined(separator: " ")), ("fill", color),
                  ("stroke", "#ffffff"), ("stroke-width", "0.8")]
            return SVGElement("polygon", a)
        }
    }
}
